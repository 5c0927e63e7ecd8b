"""The Spark job (integrations/spark/coach_spark.py) in local mode against `coach batch`: the
same records, line for line, as JSON and as bytes, in the full and the ids forms, on
Examples/population.jsonl (when present) and on a population built from Examples/*.json with
lines coach cannot read, blank and CRLF lines and strings that are awkward to write.

Needs pyspark and a Java runtime (skipped, with the reason, without them), the coach package
and COACH_LIBRARY (as the binding's tests), and the coach CLI: COACH_CLI, else `coach` next to
COACH_LIBRARY, else .build/debug/coach or .build/release/coach.

    COACH_LIBRARY=$PWD/.build/debug/libcoach.so PYTHONPATH=bindings/python \\
        python3 -m pytest -q integrations/spark/tests
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
JOB = HERE.parent / "coach_spark.py"
ROOT = HERE.parents[2]
EXAMPLES = sorted((ROOT / "Examples").glob("*.json"))
POPULATION = ROOT / "Examples" / "population.jsonl"
# A larger Examples/population.jsonl is cut to its first lines, to keep the test short.
POPULATION_LINES = int(os.environ.get("COACH_SPARK_TEST_LINES", "3000"))


def _java_available() -> bool:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.access(os.path.join(java_home, "bin", "java"), os.X_OK):
        return True
    return shutil.which("java") is not None


# `make spark-test` installs both first and sets COACH_REQUIRE_SPARK, so there a missing one
# fails the run instead of skipping it.
_missing = None
if importlib.util.find_spec("pyspark") is None:
    _missing = "pyspark is not installed (python3 -m pip install 'pyspark>=4.0,<5')"
elif not _java_available():
    _missing = "no Java runtime (java on PATH or JAVA_HOME); Spark needs Java 17 or later"
if _missing and os.environ.get("COACH_REQUIRE_SPARK"):
    raise RuntimeError(_missing)
if _missing:
    pytest.skip(_missing, allow_module_level=True)

sys.path.insert(0, str(JOB.parent))
import coach_spark  # noqa: E402


def _coach_cli() -> Path:
    candidates = []
    if os.environ.get("COACH_CLI"):
        candidates.append(Path(os.environ["COACH_CLI"]))
    if os.environ.get("COACH_LIBRARY"):
        candidates.append(Path(os.environ["COACH_LIBRARY"]).resolve().parent / "coach")
    candidates += [ROOT / ".build" / "debug" / "coach", ROOT / ".build" / "release" / "coach"]
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    pytest.fail("no coach CLI to compare with: build it (swift build) or set COACH_CLI")


COACH = _coach_cli()


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession
    session = (SparkSession.builder.master("local[2]").appName("coach-spark-test")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.default.parallelism", "2")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()


def batch(path: Path, form: str = "full"):
    """coach batch's output (bytes) and exit status for the population at ``path``."""
    run = subprocess.run([str(COACH), "batch", "--output", form, "--threads", "2",
                          "--rules", "Rules", "--playbooks", "Playbooks", str(path)],
                         cwd=ROOT, capture_output=True)
    assert run.returncode in (0, 1), run.stderr.decode()
    return run.stdout, run.returncode


def job(spark, population: Path, out: Path, *options: str):
    """Runs the job on ``spark``: (the part files concatenated, the single file, exit status)."""
    args = coach_spark.parse_arguments([
        "--rules", str(ROOT / "Rules"), "--playbooks", str(ROOT / "Playbooks"),
        "--input", str(population), "--output", str(out / "parts"),
        "--single-file", str(out / "all.jsonl"), *options])
    status = coach_spark.run(spark, args)
    parts = sorted((out / "parts").glob("part-*"))
    assert (out / "parts" / "_SUCCESS").exists()
    return b"".join(p.read_bytes() for p in parts), (out / "all.jsonl").read_bytes(), status, len(parts)


def assert_same(spark_output: bytes, cli_output: bytes):
    """Line for line equal as JSON, then as bytes."""
    ours, theirs = spark_output.split(b"\n"), cli_output.split(b"\n")
    assert len(ours) == len(theirs), "%d lines from Spark, %d from coach batch" % (len(ours), len(theirs))
    for n, (a, b) in enumerate(zip(ours, theirs), 1):
        if a or b:
            assert json.loads(a) == json.loads(b), "record %d differs as JSON" % n
        assert a == b, "record %d differs in its bytes:\n%s\n%s" % (n, a[:300], b[:300])


@pytest.fixture(scope="module")
def examples_population(tmp_path_factory) -> Path:
    """Every example on one line, then lines that test the edges of coach batch's reading."""
    path = tmp_path_factory.mktemp("population") / "examples.jsonl"
    seller = json.loads((ROOT / "Examples" / "new-seller-day-3.json").read_text())
    lines = [json.dumps(json.loads(p.read_text()), ensure_ascii=False).encode() for p in EXAMPLES]
    lines.append(b'{"seller": {"id": "S-1"}, "as_of": "2026-11-2')  # broken: an error record
    lines.append(b"")  # blank lines: no record, but they count in line numbers
    lines.append(b" \t ")
    lines.append(json.dumps(seller).encode() + b"\r")  # a CRLF line end
    lines.append(b'{"seller": {"id": "S-1"}}')  # well-formed, but no dates: an error record
    lines.append(b"[1, 2]")  # not an object
    lines.append(json.dumps(seller).replace('"S-', '"S-\xff', 1).encode("latin-1"))  # not UTF-8
    for odd in ['a": b', ": c", 'd\\": e', "\\", "\u2028\u2029\x7f\x01 \u00e9 \U0001F600"]:
        seller["seller"]["id"] = odd  # strings coach escapes, or with ": in them
        lines.append(json.dumps(seller, ensure_ascii=False).encode())
    lines.append(b'{"a": 1, "a": 2}')  # a key given twice: an error record whose note names this line too
    lines.append(b'{"seller": {"id": "a", "enrolled_on": "2026-01-01"}, "as_of": "2026-02-01", "signals": {},'
                 b' "delivered": 9223372036854775808}')  # past int64: an error record naming the file only
    lines.append(json.dumps({"seller": {"id": "a", "enrolled_on": "2026-01-01"}, "as_of": "2026-02-01",
                             "signals": {}, "delivered": [{}] * 150}).encode())  # past the limit: the note counting the rest
    lines.append(b"\xef\xbb\xbf" + json.dumps(seller).encode())  # a byte-order mark (files joined with cat)
    lines.append(b"\xef\xbb\xbf  ")  # a mark and spaces: a blank line
    lines.append(json.dumps(seller).encode())  # the last line without a newline
    path.write_bytes(b"\n".join(lines))
    return path


def test_examples_full_form_equals_coach_batch(spark, examples_population, tmp_path):
    expected, status = batch(examples_population)
    assert status == 1 and expected.count(b'{"line":') == 7
    parts, single, our_status, count = job(spark, examples_population, tmp_path, "--partitions", "2")
    assert count == 2
    assert_same(parts, expected)
    assert single == parts
    assert our_status == status


def test_examples_ids_form_equals_coach_batch(spark, examples_population, tmp_path):
    expected, status = batch(examples_population, "ids")
    parts, single, our_status, count = job(spark, examples_population, tmp_path, "--partitions", "3", "--form", "ids")
    assert count == 3
    assert_same(parts, expected)
    assert single == parts
    assert our_status == status


def test_population_equals_coach_batch(spark, tmp_path):
    if not POPULATION.exists():
        pytest.skip("no Examples/population.jsonl")
    population = POPULATION
    with POPULATION.open("rb") as f:
        head = [line for _, line in zip(range(POPULATION_LINES + 1), f)]
    if len(head) > POPULATION_LINES:
        population = tmp_path / "population-head.jsonl"
        population.write_bytes(b"".join(head[:POPULATION_LINES]))
    expected, status = batch(population)
    parts, single, our_status, count = job(spark, population, tmp_path, "--partitions", "2")
    assert count == 2
    assert_same(parts, expected)
    assert single == parts
    assert our_status == status


def test_a_broken_rule_set_fails_on_the_driver(spark, tmp_path, examples_population, capsys):
    rules = tmp_path / "Rules"
    shutil.copytree(ROOT / "Rules", rules)
    (rules / "ruleset.yaml").unlink()
    args = coach_spark.parse_arguments(["--rules", str(rules), "--playbooks", str(ROOT / "Playbooks"),
                                        "--input", str(examples_population), "--output", str(tmp_path / "out")])
    assert coach_spark.run(spark, args) == 1
    assert "ruleset.yaml" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_command_line_in_local_mode(examples_population, tmp_path):
    """python3 coach_spark.py ... as a user runs it: its own session, --single-file only."""
    expected, status = batch(examples_population)
    run = subprocess.run([sys.executable, str(JOB), "--master", "local[2]", "--log-level", "ERROR",
                          "--input", str(examples_population), "--single-file", str(tmp_path / "out.jsonl"),
                          "--partitions", "2"],
                         cwd=ROOT, capture_output=True, timeout=180)
    assert run.returncode == status, run.stderr.decode()[-3000:]
    assert_same((tmp_path / "out.jsonl").read_bytes(), expected)
