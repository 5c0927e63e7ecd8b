# coach — build, test, demo and benchmark. Each target first makes sure the system
# libraries the package links (libyaml, simdjson) are present, installing them when it can.

SWIFT ?= swift
export PATH := $(PATH):/opt/swift/usr/bin
DEMO_SNAPSHOT ?= Examples/new-seller-day-3.json

.PHONY: all build demo test bench deps schemas clean

all: build

## deps: make sure libyaml-dev, libsimdjson-dev, pkg-config and Python's jsonschema are installed.
deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build

## demo: build, then show what coach makes of the shipped Rules/ and Playbooks/.
demo: deps
	$(SWIFT) build
	@echo
	@echo "== coach check (load and check Rules/ and Playbooks/)"
	@.build/debug/coach check
	@echo
	@echo "== coach eval $(DEMO_SNAPSHOT) (what this seller sees, and why)"
	@.build/debug/coach eval $(DEMO_SNAPSHOT)

## test: the whole suite (unit, conformance when ../shared/conformance is present, CLI end to
## end), then the shipped rules' own tests with full coverage, and lint.
test: deps
	$(SWIFT) build
	$(SWIFT) test
	.build/debug/coach check
	.build/debug/coach test --coverage --min-coverage 100
	.build/debug/coach lint --strict

## schemas: validate the shipped Rules/ and Playbooks/ against the JSON Schemas in schemas/.
schemas: deps
	$(SWIFT) build
	scripts/check-schemas.py

## bench: performance figures (a benchmark, never a timed test).
bench: deps
	$(SWIFT) build -c release --product coach-bench
	$(SWIFT) build -c release --product coach-engine-bench
	@echo
	@echo "== expressions: nanoseconds per evaluation of compiled conditions"
	@.build/release/coach-bench
	@echo
	@echo "== engine: reading and evaluating the example snapshots against the shipped rules"
	@.build/release/coach-engine-bench .

clean:
	$(SWIFT) package clean
