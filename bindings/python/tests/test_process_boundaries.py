"""Errors that cross process boundaries, and inputs Python cannot write as JSON."""

import copy
import math
import pickle

import pytest

import pathlib

import coach

ROOT = pathlib.Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def engine():
    with coach.Engine(rules=str(ROOT / "Rules"), playbooks=str(ROOT / "Playbooks")) as e:
        yield e


def test_coach_error_survives_pickling():
    e = coach.CoachError("bad", [{"severity": "error", "code": "x", "message": "bad"}])
    back = pickle.loads(pickle.dumps(e))
    assert isinstance(back, coach.CoachError)
    assert back.message == "bad" and back.diagnostics == e.diagnostics


def test_an_engine_cannot_be_pickled_or_copied(engine):
    for attempt in (lambda: pickle.dumps(engine), lambda: copy.copy(engine), lambda: copy.deepcopy(engine)):
        with pytest.raises(TypeError, match="cannot be pickled or copied"):
            attempt()
    assert engine.fingerprint  # still alive


@pytest.mark.parametrize("snapshot", [{"signals": {"x": math.nan}}, {"seller": {1, 2}}, "\ud800"])
def test_snapshots_python_cannot_write_are_coach_errors(engine, snapshot):
    with pytest.raises(coach.CoachError) as info:
        engine.evaluate(snapshot)
    assert info.value.diagnostics[0]["code"] == "abi.argument"


def _threads():
    return len(list(pathlib.Path("/proc/self/task").iterdir()))


def test_loading_leaves_no_threads_behind_and_a_forked_child_can_load():
    # Loading reads and compiles on several threads, started for the load and joined before
    # it returns: a host that forks afterwards (a pre-forking server, multiprocessing) forks
    # no idle pool, and the child can load and evaluate on its own.
    before = _threads()
    with coach.Engine(rules=str(ROOT / "Rules"), playbooks=str(ROOT / "Playbooks")) as e:
        assert _threads() == before
        example = (ROOT / "Examples" / "new-seller-day-3.json").read_text()
        expected = e.evaluate_json(example)
        import os
        pid = os.fork()
        if pid == 0:  # the child: load again, evaluate, and say whether it matched
            code = 1
            try:
                with coach.Engine(rules=str(ROOT / "Rules"), playbooks=str(ROOT / "Playbooks")) as child:
                    code = 0 if child.evaluate_json(example) == expected else 2
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
