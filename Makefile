# coach — build, test, demo and benchmark. Each target first makes sure the system
# libraries the package links (libyaml, simdjson) are present, installing them when it can.

SWIFT ?= swift
export PATH := $(PATH):/opt/swift/usr/bin
DEMO_SNAPSHOT ?= Examples/new-seller-day-3.json

.PHONY: all build lib abi-test python-test population-test spark-test preview-test fuzz fuzz-replay test-asan test-tsan test-concurrency demo test bench deps schemas clean

all: build

## deps: make sure libyaml-dev, libsimdjson-dev, pkg-config and Python's jsonschema are installed.
deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build

## lib: the C ABI as .build/debug/libcoach.so (include/coach.h); CONFIG=release for speed.
CONFIG ?= debug
LIB := .build/$(CONFIG)/libcoach.so
lib: deps
	$(SWIFT) build -c $(CONFIG) --product CoachC
	cp .build/$(CONFIG)/libCoachC.so $(LIB)

## abi-test: the C test program, built as C99 and as C++ with every warning an error.
ABI_FLAGS := -Wall -Wextra -pedantic -Werror -Iinclude -L.build/$(CONFIG) -lcoach -Wl,-rpath,$(CURDIR)/.build/$(CONFIG) -lpthread
abi-test: lib
	gcc -std=c99 Tests/CABI/coach_abi_test.c $(ABI_FLAGS) -o .build/coach-abi-test-c
	g++ -std=c++11 -x c++ Tests/CABI/coach_abi_test.c $(ABI_FLAGS) -o .build/coach-abi-test-cxx
	.build/coach-abi-test-c .
	.build/coach-abi-test-cxx .

## python-test: the Python binding (bindings/python) against the library, with pytest.
python-test: lib
	COACH_LIBRARY=$(CURDIR)/$(LIB) PYTHONPATH=bindings/python python3 -m pytest -q bindings/python/tests

## population-test: coach batch --summary and coach diff, run as a user runs them (pytest).
population-test: build
	COACH=$(CURDIR)/.build/debug/coach python3 -m pytest -q Tests/Population

## preview-test: coach preview's pages in headless Chromium at phone and desktop widths.
preview-test: build
	COACH_REQUIRE_CHROMIUM=1 COACH=$(CURDIR)/.build/debug/coach python3 -m pytest -q Tests/Preview

## spark-test: the PySpark job (integrations/spark) in local mode, against coach batch.
spark-test: build lib
	COACH_REQUIRE_SPARK=1 COACH_LIBRARY=$(CURDIR)/$(LIB) COACH_CLI=$(CURDIR)/.build/debug/coach PYTHONPATH=bindings/python python3 -m pytest -q integrations/spark/tests

## fuzz: every fuzz harness under libFuzzer with AddressSanitizer, SECONDS each (default 60),
## seeded from the shipped files, with each target's dictionary; crashes land in .build/fuzz/.
SECONDS ?= 60
FUZZ_TARGETS := yaml expression evaluation ruleset snapshot shipped
fuzz: deps
	$(SWIFT) build --scratch-path .build/fuzz -c debug --product coach-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCOACH_FUZZ -Xswiftc -use-ld=lld
	@fuzz/seeds.sh .build/fuzz/corpus
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz/regressions/$$t .build/fuzz/crashes/$$t; \
	  echo "== fuzz $$t for $(SECONDS) s"; \
	  ASAN_OPTIONS=detect_leaks=0 COACH_ROOT=$(CURDIR) .build/fuzz/debug/coach-fuzz $$t -max_total_time=$(SECONDS) -timeout=5 -rss_limit_mb=2048 -malloc_limit_mb=1024 -detect_leaks=0 -max_len=65536 \
	    -dict=fuzz/$$t.dict -artifact_prefix=.build/fuzz/crashes/$$t/ -print_final_stats=1 \
	    .build/fuzz/corpus/$$t fuzz/regressions/$$t 2>&1 | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|artifact_prefix)' || exit 1; \
	done

## test-asan: the Swift test suite (and the coach binary its end-to-end tests run) under
## AddressSanitizer, in its own build folder.
test-asan: deps
	$(SWIFT) build --scratch-path .build/asan --sanitize=address --build-tests
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --scratch-path .build/asan --sanitize=address --skip-build

## test-tsan: the Swift test suite under ThreadSanitizer, in its own build folder.
test-tsan: deps
	$(SWIFT) build --scratch-path .build/tsan --sanitize=thread --build-tests
	$(SWIFT) test --scratch-path .build/tsan --sanitize=thread --skip-build

## test-concurrency: the tests that evaluate, reload and batch from several threads, under
## ThreadSanitizer (part of make test).
test-concurrency: deps
	$(SWIFT) build --scratch-path .build/tsan --sanitize=thread --build-tests
	$(SWIFT) test --scratch-path .build/tsan --sanitize=thread --skip-build --filter '[Tt]hread'

## fuzz-replay: the fuzz regression inputs (fuzz/regressions) through each target, unsanitised.
fuzz-replay: build
	@for t in $(FUZZ_TARGETS); do .build/debug/coach-fuzz $$t fuzz/regressions/$$t || exit 1; done

## demo: build, then show what coach makes of the shipped Rules/ and Playbooks/.
demo: deps
	$(SWIFT) build
	@echo
	@echo "== coach check (load and check Rules/ and Playbooks/)"
	@.build/debug/coach check
	@echo
	@echo "== coach eval $(DEMO_SNAPSHOT) (what this seller sees, and why)"
	@.build/debug/coach eval $(DEMO_SNAPSHOT)
	@echo
	@echo "== coach batch --summary Examples/population.jsonl (the sample population: what fires, how often)"
	@.build/debug/coach batch --summary Examples/population.jsonl | head -40
	@echo
	@echo "== coach preview $(DEMO_SNAPSHOT) (the page a mentor opens)"
	@.build/debug/coach preview $(DEMO_SNAPSHOT) --out .build/preview | sed 's|^wrote \(.*\)|wrote \1 — open it in a browser: file://$(CURDIR)/\1|'

## test: the whole suite (unit, conformance when ../shared/conformance is present, CLI end to
## end), then the shipped rules' own tests with full coverage, and lint.
test: deps
	$(SWIFT) build
	$(SWIFT) test
	$(MAKE) --no-print-directory abi-test python-test population-test preview-test spark-test fuzz-replay test-concurrency
	.build/debug/coach check
	.build/debug/coach test --coverage --min-coverage 100
	.build/debug/coach lint --strict

## schemas: validate the shipped Rules/ and Playbooks/ against the JSON Schemas in schemas/.
schemas: deps
	$(SWIFT) build
	scripts/check-schemas.py

BENCH_SELLERS ?= 100000
BENCH_POPULATION := .build/bench/population-$(BENCH_SELLERS).jsonl

## bench: performance figures (a benchmark, never a timed test): the serving benchmark (the
## 100-rule set in bench/ over a synthetic population, beside a hand-coded reference and
## simdjson's own parse), then the shipped rules over Examples/, then compiled expressions.
bench: deps $(BENCH_POPULATION)
	$(SWIFT) build -c release --product coach
	$(SWIFT) build -c release --product coach-batch-bench
	$(SWIFT) build -c release --product coach-engine-bench
	$(SWIFT) build -c release --product coach-bench
	@echo
	@echo "== serving: the 100-rule benchmark set (bench/) over $(BENCH_SELLERS) synthetic sellers"
	@.build/release/coach-batch-bench $(BENCH_POPULATION) --coach .build/release/coach
	@echo
	@echo "== engine: reading and evaluating the example snapshots against the shipped rules"
	@.build/release/coach-engine-bench .
	@echo
	@echo "== expressions: nanoseconds per evaluation of compiled conditions"
	@.build/release/coach-bench
	@$(MAKE) --no-print-directory lib CONFIG=release > /dev/null
	@gcc -std=c99 -O2 -Wall -Wextra -Iinclude bench/abi_bench.c -L.build/release -lcoach -Wl,-rpath,$(CURDIR)/.build/release -o .build/release/abi-bench
	@echo
	@echo "== embedding: one evaluation through the C ABI (shipped rules, examples)"
	@.build/release/abi-bench .
	@echo
	@echo "== embedding: the same from Python (the difference is the binding's own overhead)"
	@COACH_LIBRARY=$(CURDIR)/.build/release/libcoach.so python3 bench/python_bench.py

# The benchmark population: deterministic (same seed, same bytes), generated once.
$(BENCH_POPULATION): bench/generate.py
	@mkdir -p .build/bench
	python3 bench/generate.py --sellers $(BENCH_SELLERS) --seed 1 --out $@.tmp && mv $@.tmp $@

clean:
	$(SWIFT) package clean
