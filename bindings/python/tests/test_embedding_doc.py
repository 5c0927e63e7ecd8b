"""docs/embedding.md's C and Python examples, run as a reader would run them."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "embedding.md").read_text()


def block(language):
    return re.search(r"```%s\n(.*?)```" % language, DOC, re.S).group(1)


def test_the_python_example_runs():
    out = subprocess.run([sys.executable, "-c", block("python")], cwd=ROOT, capture_output=True, text=True,
                         env=dict(os.environ), check=True).stdout.splitlines()
    assert "True" in out, out
    assert any(line.startswith("snapshot.") for line in out), out


def test_the_c_example_compiles_and_runs(tmp_path):
    library = Path(os.environ["COACH_LIBRARY"])
    source = tmp_path / "example.c"
    source.write_text(block("c"))
    binary = tmp_path / "example"
    subprocess.run(["gcc", "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror", "-I", str(ROOT / "include"), str(source),
                    "-L", str(library.parent), "-lcoach", "-Wl,-rpath," + str(library.parent), "-o", str(binary)], check=True)
    out = subprocess.run([str(binary)], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.startswith("ok {"), out
