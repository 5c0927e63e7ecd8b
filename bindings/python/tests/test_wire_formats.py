"""The wire formats (schemas/snapshot, recommendations, diagnostic, error) against what coach
reads and writes: every example snapshot, every result, error results of the binding and
coach batch's error records. A schema that drifted from the engine fails here."""

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

import coach

ROOT = Path(__file__).resolve().parents[3]
SCHEMAS = ROOT / "schemas"
EXAMPLES = sorted((ROOT / "Examples").glob("*.json"))
COACH = ROOT / ".build" / "debug" / "coach"


def validator(name):
    """A validator for schemas/NAME.schema.json that resolves its sibling schemas."""
    schema = json.loads((SCHEMAS / ("%s.schema.json" % name)).read_text())
    store = {}
    for path in SCHEMAS.glob("*.schema.json"):
        s = json.loads(path.read_text())
        store[path.name] = s
        if "$id" in s:
            store[s["$id"]] = s
    try:
        from referencing import Registry, Resource
        registry = Registry().with_resources((uri, Resource.from_contents(s)) for uri, s in store.items())
        return jsonschema.Draft7Validator(schema, registry=registry)
    except ImportError:  # an older jsonschema
        resolver = jsonschema.RefResolver(base_uri=schema.get("$id", ""), referrer=schema, store=store)
        return jsonschema.Draft7Validator(schema, resolver=resolver)


def errors(name, document):
    return ["%s: %s" % ("/".join(map(str, e.path)), e.message) for e in validator(name).iter_errors(document)]


@pytest.fixture(scope="module")
def engine():
    with coach.Engine(rules=str(ROOT / "Rules"), playbooks=str(ROOT / "Playbooks")) as e:
        yield e


def test_the_schemas_are_valid_schemas():
    for path in SCHEMAS.glob("*.schema.json"):
        jsonschema.Draft7Validator.check_schema(json.loads(path.read_text()))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_snapshot_and_its_result_are_valid(engine, path):
    assert errors("snapshot", json.loads(path.read_text())) == []
    result = engine.evaluate(path.read_bytes())
    assert errors("recommendations", result) == []
    assert errors("recommendations", json.loads((ROOT / "Tests/CoachCLITests/Expected" / path.name).read_text())) == []


def test_the_schemas_refuse_what_coach_refuses(engine):
    snapshot = json.loads(EXAMPLES[0].read_text())
    del snapshot["as_of"]
    assert errors("snapshot", snapshot)
    with pytest.raises(coach.CoachError):
        engine.evaluate(snapshot)
    result = engine.evaluate(EXAMPLES[0].read_bytes())
    result["tips"].append({"id": "x"})
    assert errors("recommendations", result)


@pytest.mark.parametrize("snapshot", ['{"seller": {', '{"seller": {"id": "S-1"}, "as_of": "2026-13-45", "signals": {}}', "[]"])
def test_error_results_are_valid(engine, snapshot):
    with pytest.raises(coach.CoachError) as error:
        engine.evaluate(snapshot)
    assert errors("error", {"error": error.value.message, "diagnostics": error.value.diagnostics}) == []


def test_batch_lines_are_valid(tmp_path):
    lines = [json.dumps(json.loads(p.read_text())) for p in EXAMPLES] + ["{oops"]
    population = tmp_path / "population.jsonl"
    population.write_text("\n".join(lines) + "\n")
    out = subprocess.run([str(COACH), "batch", str(population)], cwd=ROOT, capture_output=True, text=True).stdout
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len(lines)
    for record in records[:-1]:
        assert errors("recommendations", record) == []
    assert errors("error", records[-1]) == [] and records[-1]["line"] == len(lines)


def run_json(*args, cwd=ROOT):
    """coach ARGS --format json, parsed."""
    done = subprocess.run([str(COACH), *args, "--format", "json"], cwd=cwd, capture_output=True, text=True)
    return json.loads(done.stdout)


def test_check_and_lint_write_the_one_diagnostic_form(tmp_path):
    rules = tmp_path / "Rules"
    shutil.copytree(ROOT / "Rules", rules)
    # Every rule of a file given twice: errors with a note pointing at the first definition.
    shutil.copy(rules / "customer-service.yaml", rules / "customer-service-copy.yaml")
    checked = run_json("check", "--rules", str(rules), "--playbooks", str(ROOT / "Playbooks"))
    assert checked["ok"] is False
    duplicate = [d for d in checked["diagnostics"] if d["code"] == "rules.duplicate-id"]
    assert duplicate
    note = duplicate[0]["notes"][0]["location"]
    assert {note["file"], duplicate[0]["location"]["file"]} == {str(rules / "customer-service.yaml"), str(rules / "customer-service-copy.yaml")}
    for d in checked["diagnostics"]:
        assert errors("diagnostic", d) == []
    linted = run_json("lint", "--rules", str(ROOT / "Rules"), "--playbooks", str(ROOT / "Playbooks"))
    for d in linted["warnings"]:
        assert errors("diagnostic", d) == []


@pytest.mark.parametrize("expression", ["1 +", "sizee('a')", "[1][3]"])
def test_expr_failures_are_the_error_form(expression):
    failure = run_json("expr", expression)
    assert errors("error", failure) == []
    assert failure["stage"] in ("parse", "check", "eval")
    assert failure["diagnostics"][0]["location"]["column"] >= 1


def test_eval_gives_an_unreadable_snapshot_the_error_form(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"seller": {"id": "S"}, "as_of": "2026-13-01", "signals": {}}')
    out = subprocess.run([str(COACH), "eval", "--format", "json", str(bad), str(EXAMPLES[0])], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 1
    records = json.loads(out.stdout)
    assert errors("error", records[0]) == [] and records[0]["file"] == str(bad)
    assert {d["code"] for d in records[0]["diagnostics"]} == {"snapshot.seller", "snapshot.date"}
    assert errors("recommendations", records[1]) == []



@pytest.mark.parametrize("command", [
    ["eval", str(EXAMPLES[0])], ["explain", str(EXAMPLES[0])], ["lint"],
    ["batch", "--summary", str(ROOT / "Examples" / "population.jsonl")],
    ["diff", "--base", str(ROOT / "Rules"), str(ROOT / "Examples" / "population.jsonl")],
])
def test_a_rule_set_that_cannot_load_is_the_error_form_in_json(tmp_path, command):
    rules = tmp_path / "Rules"
    shutil.copytree(ROOT / "Rules", rules)
    (rules / "broken.yaml").write_text("rules:\n  - id: broken\n    when: day >\n")
    args = [str(COACH), command[0], "--rules", str(rules), "--playbooks", str(ROOT / "Playbooks"), "--format", "json"]
    out = subprocess.run(args + command[1:], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    record = json.loads(out.stdout)
    assert errors("error", record) == []
    assert record["rules"] == str(rules)
    found = [(d["code"], d["location"]["file"], d["location"]["line"]) for d in record["diagnostics"]]
    assert ("expr.parse", str(rules / "broken.yaml"), 3) in found
    assert {f for _, f, _ in found} == {str(rules / "broken.yaml")}
    assert "the rule set was not loaded" in out.stderr
