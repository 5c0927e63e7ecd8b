"""The Python binding as a portal would use it: every example evaluated and equal, byte for
byte, to the CLI's JSON; errors as CoachError with their diagnostics; reload while four
threads evaluate, with no failed or mixed result."""

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import coach

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "Examples").glob("*.json"))
COACH = ROOT / ".build" / "debug" / "coach"


def shipped_files(extra_manifest: str = ""):
    files = {}
    for folder in ("Rules", "Playbooks"):
        for path in sorted((ROOT / folder).glob("*.yaml")):
            files["%s/%s" % (folder, path.name)] = path.read_text()
    files["Rules/ruleset.yaml"] += extra_manifest
    return files


@pytest.fixture(scope="module")
def engine():
    with coach.Engine(rules=str(ROOT / "Rules"), playbooks=str(ROOT / "Playbooks")) as e:
        yield e


def test_every_example_equals_the_cli_byte_for_byte(engine):
    assert len(EXAMPLES) >= 6
    for path in EXAMPLES:
        # On standard input, as a host would make a golden file: the same bytes. From the file,
        # the snapshot's warnings also name the file, line and column; nothing else differs.
        piped = subprocess.run([str(COACH), "eval", "--format", "json", "-"], input=path.read_bytes(),
                               cwd=ROOT, capture_output=True, check=True).stdout
        cli = subprocess.run([str(COACH), "eval", "--format", "json", str(path.relative_to(ROOT))],
                             cwd=ROOT, capture_output=True, check=True).stdout
        assert engine.evaluate_json(path.read_bytes()) == piped, path.name
        assert engine.evaluate(json.loads(path.read_text())) == json.loads(piped), path.name
        placed = json.loads(cli)
        for d in placed["diagnostics"]:
            if d.get("location", {}).get("file") == str(path.relative_to(ROOT)):
                del d["location"]
        assert placed == json.loads(piped), path.name


def test_a_reload_reads_the_folders_the_engine_was_made_from_after_a_change_of_directory(tmp_path):
    for name in ("a", "b"):
        shutil.copytree(ROOT / "Rules", tmp_path / name / "Rules")
        shutil.copytree(ROOT / "Playbooks", tmp_path / name / "Playbooks")
    with open(tmp_path / "b" / "Rules" / "ruleset.yaml", "a") as f:
        f.write("# another version\n")
    before = os.getcwd()
    try:
        os.chdir(tmp_path / "a")
        with coach.Engine(rules="Rules", playbooks="Playbooks") as e:
            made = e.fingerprint
            os.chdir(tmp_path / "b")  # the same relative names lead elsewhere now
            assert e.reload() == made
            os.chdir(tmp_path)  # and nowhere from here
            assert e.reload() == made
    finally:
        os.chdir(before)


def test_a_result_on_one_line_is_the_line_coach_batch_writes(engine):
    for path in EXAMPLES:
        one_line = json.dumps(json.loads(path.read_text())).encode() + b"\n"
        batch = subprocess.run([str(COACH), "batch", "--output", "full", "-"], input=one_line,
                               cwd=ROOT, capture_output=True, check=True).stdout
        line = engine.evaluate_json(path.read_bytes(), one_line=True)
        assert line == batch, path.name
        assert line.count(b"\n") == 1 and len(line) < len(engine.evaluate_json(path.read_bytes())), path.name


def test_a_snapshot_may_be_a_dict_str_or_bytes(engine):
    path = ROOT / "Examples" / "new-seller-day-3.json"
    as_dict = engine.evaluate(json.loads(path.read_text()))
    assert engine.evaluate(path.read_text()) == as_dict
    assert engine.evaluate(path.read_bytes()) == as_dict
    assert as_dict["ruleset"]["fingerprint"] == engine.fingerprint
    with pytest.raises(TypeError):
        engine.evaluate(42)


def test_explain_all_rules_or_one(engine):
    snapshot = (ROOT / "Examples" / "no-sale-day-25.json").read_text()
    everything = engine.explain(snapshot)
    one = engine.explain(snapshot, rule="escalate.no-first-sale")
    assert len(one["rules"]) == 1 and one["rules"][0]["id"] == "escalate.no-first-sale"
    assert len(everything["rules"]) == engine.info["rules"]
    # an explanation names the version that made it, as a result does
    assert one["ruleset"]["fingerprint"] == everything["ruleset"]["fingerprint"] == engine.fingerprint
    with pytest.raises(coach.CoachError) as unknown:
        engine.explain(snapshot, rule="escalate.no-first-sal")
    assert "did you mean" in (unknown.value.diagnostics[0].get("hint") or "")


@pytest.mark.parametrize("snapshot, code", [
    ('{"seller": {"id": "S-1"', "snapshot.json"),
    ('{"seller": {"id": "S-1", "enrolled_on": "2026-01-01"}, "as_of": "soon", "signals": {}}', "snapshot.date"),
    ("[1, 2]", "snapshot.shape"),
    ("  \n", "snapshot.empty"),  # as coach eval says of an empty file
    ("\ufeff", "snapshot.empty"),
])
def test_a_bad_snapshot_raises_coach_error_with_its_diagnostics(engine, snapshot, code):
    with pytest.raises(coach.CoachError) as error:
        engine.evaluate(snapshot)
    assert code in [d["code"] for d in error.value.diagnostics]
    assert error.value.message


def test_a_byte_order_mark_is_not_content_as_for_coach_eval(engine):
    path = ROOT / "Examples" / "no-sale-day-25.json"
    marked = b"\xef\xbb\xbf" + path.read_bytes()
    cli = subprocess.run([str(COACH), "eval", "--format", "json", "-"], input=marked,
                         cwd=ROOT, capture_output=True, check=True).stdout
    assert engine.evaluate_json(marked) == cli == engine.evaluate_json(path.read_bytes())
    assert engine.explain(marked) == engine.explain(path.read_bytes())


@pytest.mark.parametrize("call, error", [
    # A NUL would end the C string early and the rest be silently dropped.
    (lambda e: coach.Engine(rules=str(ROOT / "Rules") + "\x00/elsewhere", playbooks=str(ROOT / "Playbooks")), ValueError),
    (lambda e: coach.Engine(rules=None, playbooks=str(ROOT / "Playbooks")), TypeError),
    (lambda e: e.explain("{}", rule="listing.missing-photos\x00junk"), ValueError),
    (lambda e: e.explain("{}", rule=5), TypeError),
    (lambda e: coach.Engine.from_texts({"Rules/pricing.yaml\x00junk": "rules: []\n"}), ValueError),
    (lambda e: coach.Engine.from_texts({"Rules/pricing.yaml": 5}), TypeError),
    (lambda e: coach.Engine.from_texts([("Rules/pricing.yaml", "")]), TypeError),
])
def test_an_argument_the_c_abi_cannot_take_whole_is_refused(engine, call, error):
    with pytest.raises(error):
        call(engine)


def test_a_path_may_be_a_path_object(engine):
    assert coach.Engine(rules=ROOT / "Rules", playbooks=ROOT / "Playbooks").fingerprint == engine.fingerprint


def test_a_broken_rule_set_raises_with_positions(tmp_path):
    rules = tmp_path / "Rules"
    rules.mkdir()
    (rules / "ruleset.yaml").write_text("name: broken\nversion: '1'\nphases: [\n")
    (rules / "signals.yaml").write_text("signals: {}\n")
    with pytest.raises(coach.CoachError) as error:
        coach.Engine(rules=str(rules), playbooks=str(ROOT / "Playbooks"))
    located = [d for d in error.value.diagnostics if d.get("location")]
    assert located and located[0]["location"]["file"].endswith("ruleset.yaml")
    assert located[0]["location"]["line"] >= 1 and located[0]["location"]["column"] >= 1
    assert "ruleset.yaml" in str(error.value)


def test_from_texts_is_the_same_rule_set(engine):
    from_texts = coach.Engine.from_texts(shipped_files())
    assert from_texts.fingerprint == engine.fingerprint
    snapshot = (ROOT / "Examples" / "slipping-day-58.json").read_bytes()
    assert from_texts.evaluate_json(snapshot) == engine.evaluate_json(snapshot)
    with pytest.raises(coach.CoachError) as error:
        coach.Engine.from_texts({"notes.txt": "hello"})
    assert error.value.diagnostics[0]["code"] == "rules.file-name"


def test_reload_while_four_threads_evaluate():
    engine = coach.Engine.from_texts(shipped_files())
    snapshot = (ROOT / "Examples" / "slipping-day-58.json").read_bytes()
    old_fingerprint = engine.fingerprint
    old_result = engine.evaluate_json(snapshot)
    # The fixed version shows one tip at most: its results differ from the old ones.
    fixed = shipped_files()
    fixed["Rules/ruleset.yaml"] = fixed["Rules/ruleset.yaml"].replace("  tips: 5 ", "  tips: 1 ")
    assert fixed["Rules/ruleset.yaml"] != shipped_files()["Rules/ruleset.yaml"]
    new_engine = coach.Engine.from_texts(fixed)
    new_fingerprint, new_result = new_engine.fingerprint, new_engine.evaluate_json(snapshot)
    new_engine.close()
    assert new_result != old_result and new_fingerprint != old_fingerprint

    stop = threading.Event()
    problems, counts = [], [0, 0, 0, 0]

    def evaluate_continuously(n):
        while not stop.is_set():
            try:
                got = engine.evaluate_json(snapshot)
            except Exception as e:  # any failure is a problem
                problems.append(repr(e))
                continue
            fingerprint = json.loads(got)["ruleset"]["fingerprint"]
            expected = {old_fingerprint: old_result, new_fingerprint: new_result}.get(fingerprint)
            if got != expected:
                problems.append("a result that is neither version's: " + fingerprint)
            counts[n] += 1

    threads = [threading.Thread(target=evaluate_continuously, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    try:
        broken = shipped_files()
        broken["Rules/pricing.yaml"] += "\n  - id: pricing.broken\n    when: no_such_signal > 1\n"
        with pytest.raises(coach.CoachError) as error:
            engine.reload(broken)
        assert any(d.get("location", {}).get("file", "").endswith("pricing.yaml") for d in error.value.diagnostics)
        assert engine.fingerprint == old_fingerprint, "the old version keeps serving"
        assert json.loads(engine.evaluate_json(snapshot))["ruleset"]["fingerprint"] == old_fingerprint
        assert engine.reload(fixed) == new_fingerprint
        assert engine.evaluate_json(snapshot) == new_result, "the new version answers"
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not problems, problems[:3]
    assert all(c > 0 for c in counts)
    engine.close()
    with pytest.raises(coach.CoachError):
        engine.evaluate_json(snapshot)


def test_texts_that_are_not_utf8_are_refused_as_from_a_directory():
    files = shipped_files()
    files["Rules/pricing.yaml"] = files["Rules/pricing.yaml"].encode() + b"# caf\xe9\n"
    line = files["Rules/pricing.yaml"].count(b"\n")
    with pytest.raises(coach.CoachError) as error:
        coach.Engine.from_texts(files)
    d = next(d for d in error.value.diagnostics if d["severity"] == "error")
    assert d["code"] == "yaml.invalid-utf8", d
    assert d["location"] == {"file": "Rules/pricing.yaml", "line": line, "column": 6}
    engine = coach.Engine.from_texts(shipped_files())
    with pytest.raises(coach.CoachError) as error:
        engine.reload(files)
    assert [d["code"] for d in error.value.diagnostics if d["severity"] == "error"] == ["yaml.invalid-utf8"]
    bad_name = shipped_files()
    bad_name["Rules/pric\udcffing.yaml"] = "rules: []\n"
    with pytest.raises((coach.CoachError, ValueError, UnicodeEncodeError)):
        coach.Engine.from_texts(bad_name)
    engine.close()


def _diagnostics(make):
    with pytest.raises(coach.CoachError) as error:
        make()
    return error.value.diagnostics


@pytest.mark.parametrize("case", ["not-utf8-beside-another-problem", "bom-then-not-utf8", "bom-at-the-size-limit", "too-large"])
def test_files_held_in_memory_give_what_the_same_files_in_folders_give(tmp_path, case):
    files = {k: v.encode() for k, v in shipped_files().items()}
    limit = 8 << 20
    if case == "not-utf8-beside-another-problem":
        files["Rules/zz.yaml"] = b"area: pricing\nrules: []\n# caf\xff\n"
        files["Rules/zy.yaml"] = b"area: pricing\narea: inventory\nrules: []\n"
    elif case == "bom-then-not-utf8":
        files["Rules/zz.yaml"] = b"\xef\xbb\xbfarea: pr\xff\nrules: []\n"
    elif case == "bom-at-the-size-limit":
        files["Rules/zz.yaml"] = b"\xef\xbb\xbf" + b"#" * (limit - 1) + b"\n"
    else:
        files["Rules/zz.yaml"] = b"#" * (limit + 1)
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    from_folders = _diagnostics(lambda: coach.Engine(rules=tmp_path / "Rules", playbooks=tmp_path / "Playbooks"))
    from_texts = _diagnostics(lambda: coach.Engine.from_texts(files))
    prefix = str(tmp_path) + "/"
    assert json.loads(json.dumps(from_folders).replace(prefix, "")) == from_texts


def test_two_names_a_folder_tells_apart_are_two_files():
    # "café" composed and decomposed: two names to a file system (and to the folder load).
    files = shipped_files()
    base = coach.Engine.from_texts(files).info["rules"]
    for n, name in enumerate(["Rules/caf\u00e9.yaml", "Rules/cafe\u0301.yaml"]):
        files[name] = ("area: pricing\nrules:\n  - id: extra.rule-%d\n    when: orders_30d > 1000\n"
                       "    tip: {title: T, body: B, actions: [A], learn: [pricing-basics]}\n" % n)
    assert coach.Engine.from_texts(files).info["rules"] == base + 2


def test_more_files_than_a_directory_may_hold_are_refused():
    files = shipped_files()
    for n in range(1001):
        files["Rules/extra-%04d.yaml" % n] = "rules: []\n"
    with pytest.raises(coach.CoachError) as error:
        coach.Engine.from_texts(files)
    assert [d["code"] for d in error.value.diagnostics] == ["rules.too-many"]
    assert "over the limit of 1000" in error.value.message


def test_each_reload_returns_the_version_it_swapped_in():
    # Reloads running at once: each must name its own version, not whichever serves by the
    # time it returns. Rule sets this small reload in well under a millisecond, so reloads
    # from eight threads overlap often.
    manifest = 'name: mini\nversion: "%s"\nphases:\n  - { id: p1, title: P1, until_day: 90 }\n'
    signals = "signals:\n  s1: { type: int, absent: default, default: 0, description: S1 }\n"
    versions = [{"Rules/ruleset.yaml": manifest % v, "Rules/signals.yaml": signals} for v in ("1", "2")]
    expected = []
    for files in versions:
        with coach.Engine.from_texts(files) as e:
            expected.append(e.fingerprint)
    assert expected[0] != expected[1]
    engine = coach.Engine.from_texts(versions[0])
    wrong = []

    def reload_many(n):
        for k in range(400):
            v = (n + k) % 2
            if engine.reload(versions[v]) != expected[v]:
                wrong.append(v)

    threads = [threading.Thread(target=reload_many, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    engine.close()
    assert not wrong, "%d of 3200 reloads named the other version" % len(wrong)


def test_an_error_without_a_line_is_printed_with_its_file_alone(engine):
    with pytest.raises(coach.CoachError) as error:
        engine.evaluate({"seller": {"id": "S-1"}, "as_of": "2026-11-24", "signals": {}})
    assert "None" not in str(error.value), str(error.value)


def test_any_mapping_is_a_snapshot(engine):
    import types
    snapshot = json.loads((ROOT / "Examples" / "slipping-day-58.json").read_text())
    as_proxy = types.MappingProxyType({k: (types.MappingProxyType(v) if isinstance(v, dict) else v)
                                       for k, v in snapshot.items()})
    assert engine.evaluate(as_proxy) == engine.evaluate(snapshot)


def test_a_closed_engine_says_so():
    engine = coach.Engine.from_texts(shipped_files())
    engine.close()
    assert repr(engine) == "<coach.Engine, closed>"


def test_help_reads_well():
    doc = coach.__doc__
    assert "Engine" in doc and "COACH_LIBRARY" in doc
    for name in ("evaluate", "evaluate_json", "explain", "reload", "from_texts"):
        assert getattr(coach.Engine, name).__doc__, name
    assert coach.CoachError.__doc__
    assert coach.library_version()


def test_the_package_installs_with_pip(tmp_path):
    # From a copy: building writes build/ and *.egg-info next to the sources.
    source = tmp_path / "source"
    shutil.copytree(ROOT / "bindings" / "python", source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-build-isolation", "--no-deps",
                    "--target", str(target), str(source)], check=True)
    env = dict(os.environ, PYTHONPATH=str(target))
    out = subprocess.run([sys.executable, "-c", "import coach; print(coach.__file__); print(coach.library_version())"],
                         env=env, capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0].startswith(str(target))
    assert out[1] == coach.library_version()
