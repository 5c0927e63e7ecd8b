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
