"""Shared set-up for the population tests: the coach binary, the package root, and a
population made of the shipped examples (plus the sample population when it is there)."""

import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def coach_binary() -> str:
    return os.environ.get("COACH", str(ROOT / ".build" / "debug" / "coach"))


def run(*args, check_status=None, cwd=ROOT):
    """Runs coach with `args`; returns (status, stdout, stderr)."""
    r = subprocess.run([coach_binary(), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=600)
    if check_status is not None:
        assert r.returncode == check_status, f"exit {r.returncode}\nstdout: {r.stdout[-2000:]}\nstderr: {r.stderr[-2000:]}"
    return r.returncode, r.stdout, r.stderr


def many_categories(source: pathlib.Path, path: pathlib.Path, sellers: int) -> pathlib.Path:
    """A population of `sellers` lines cycling through `source`'s, each seller in a category
    of its own (`cat-0`, `cat-1`, …): past the 1,000 categories a breakdown keeps."""
    lines = source.read_text().splitlines()
    out = []
    for k in range(sellers):
        snapshot = json.loads(lines[k % len(lines)])
        snapshot["seller"]["id"] = f"C-{k}"
        snapshot["seller"]["category"] = f"cat-{k}"
        out.append(json.dumps(snapshot))
    path.write_text("\n".join(out) + "\n")
    return path


def example_lines():
    """Each shipped example snapshot on one line, in name order."""
    return [json.dumps(json.loads(p.read_text())) for p in sorted((ROOT / "Examples").glob("*.json"))]


@pytest.fixture(scope="session")
def examples_population(tmp_path_factory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("pop") / "examples.jsonl"
    path.write_text("\n".join(example_lines()) + "\n")
    return path


@pytest.fixture(scope="session")
def sample_population(tmp_path_factory, examples_population) -> pathlib.Path:
    """The first 400 sellers of the shipped sample population, then the examples (a debug
    build evaluates the whole population in seconds, and the tests run it many times)."""
    path = tmp_path_factory.mktemp("pop") / "sample.jsonl"
    shipped = (ROOT / "Examples" / "population.jsonl").read_text().splitlines()[:400]
    path.write_text("\n".join(shipped) + "\n" + examples_population.read_text())
    return path


@pytest.fixture(scope="session")
def changed_rules(tmp_path_factory) -> pathlib.Path:
    """A copy of the shipped rules with one threshold changed: 4 photos a listing, not 5."""
    import shutil
    d = tmp_path_factory.mktemp("rules") / "Rules"
    shutil.copytree(ROOT / "Rules", d)
    manifest = d / "ruleset.yaml"
    text = manifest.read_text()
    assert "  min_photos: 5 " in text
    manifest.write_text(text.replace("  min_photos: 5 ", "  min_photos: 4 ", 1))
    return d
