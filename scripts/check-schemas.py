#!/usr/bin/env python3
"""Validates rule-set YAML files against coach's JSON Schemas (schemas/*.schema.json).

    scripts/check-schemas.py [--coach PATH] [--schema FILE] [PATH...]

With no PATH it checks what ships: Rules/, Rules/tests/ and Playbooks/. A directory is
read the way coach reads it (its *.yaml and *.yml files; for a rules directory also its
tests/*.test.yaml). Each file is checked against the schema its yaml-language-server
modeline names (`# yaml-language-server: $schema=...`), else the one its name implies:
ruleset.yaml -> manifest, signals.yaml -> signals, *.test.yaml -> test, a file under a
directory named Playbooks -> playbook, any other -> rules. --schema forces one schema.

YAML is read by coach itself (`coach yaml --format json`), so values resolve exactly as
the loader resolves them (YAML 1.2 core schema: `yes` stays text), and validated with the
`jsonschema` package (PyPI; `make deps` installs it).

Prints one line per problem, `FILE: at PATH: message`, and a closing summary. Exit status:
0 when every file is valid, 1 when any is not, 2 when the check could not run.
"""

import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMAS = os.path.join(ROOT, "schemas")
MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$")


def fail(message):
    print(f"check-schemas: {message}", file=sys.stderr)
    sys.exit(2)


try:
    import jsonschema
except ImportError:
    fail("the Python package 'jsonschema' is missing; run 'make deps' (or: python3 -m pip install jsonschema)")


def yaml_files(directory):
    """The YAML files coach reads in a directory, and a rules directory's tests."""
    names = sorted(os.listdir(directory))
    files = [os.path.join(directory, n) for n in names if n.endswith((".yaml", ".yml"))]
    tests = os.path.join(directory, "tests")
    if os.path.isdir(tests):
        files += [os.path.join(tests, n) for n in sorted(os.listdir(tests)) if n.endswith(".test.yaml")]
    return files


def schema_for(path):
    """The schema a file names in its modeline, else the one its name implies."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = MODELINE.match(line.strip())
            if m:
                return os.path.normpath(os.path.join(os.path.dirname(path), m.group(1)))
    name = os.path.basename(path)
    parts = [p.lower() for p in os.path.normpath(os.path.abspath(path)).split(os.sep)]
    if name.endswith(".test.yaml"):
        kind = "test"
    elif name in ("ruleset.yaml", "ruleset.yml"):
        kind = "manifest"
    elif name in ("signals.yaml", "signals.yml"):
        kind = "signals"
    elif "playbooks" in parts[:-1]:
        kind = "playbook"
    else:
        kind = "rules"
    return os.path.join(SCHEMAS, f"{kind}.schema.json")


def explain(error):
    """The error to point at, and a message an author can act on."""
    v = error.validator_value
    if error.validator == "not" and isinstance(v, dict):
        if "description" in v:
            return error, v["description"]
        if "enum" in v:
            return error, f"{error.instance!r} is a reserved name"
    if error.validator in ("anyOf", "oneOf") and isinstance(v, list):
        if all(isinstance(b, dict) and set(b) == {"required"} for b in v):
            keys = [k for b in v for k in b["required"]]
            return error, "needs one of " + ", ".join(f"'{k}'" for k in keys)
        here = list(error.absolute_path)
        # Branches that fail only because the value has another type say nothing useful.
        rest = [c for c in error.context if not (c.validator == "type" and list(c.absolute_path) == here)]
        deeper = [c for c in rest if len(c.absolute_path) > len(here)]
        if deeper:
            return explain(jsonschema.exceptions.best_match(deeper))
        description = error.schema.get("description") if isinstance(error.schema, dict) else None
        if description:
            return error, f"{json.dumps(error.instance)} is not valid here: expected {description[0].lower()}{description[1:]}"
        if rest:
            return explain(jsonschema.exceptions.best_match(rest))
    return error, error.message


def where(error):
    """A JSON path such as rules[2].tip.title for an error."""
    out = ""
    for p in error.absolute_path:
        if isinstance(p, int):
            out += f"[{p}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", p):
            out += f".{p}" if out else p
        else:
            out += f"[{json.dumps(p)}]"
    return out or "(top level)"


def plural(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def main():
    ap = argparse.ArgumentParser(description="Validate coach YAML files against the JSON Schemas.")
    ap.add_argument("--coach", default=os.path.join(ROOT, ".build", "debug", "coach"),
                    help="the coach binary used to read YAML (default: .build/debug/coach)")
    ap.add_argument("--schema", help="check every file against this schema")
    ap.add_argument("paths", nargs="*", help="files or directories (default: Rules Playbooks)")
    args = ap.parse_args()
    if not os.access(args.coach, os.X_OK):
        fail(f"no coach binary at {args.coach}; run 'swift build' first")

    paths = args.paths or [os.path.join(ROOT, "Rules"), os.path.join(ROOT, "Playbooks")]
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += yaml_files(p)
        elif os.path.isfile(p):
            files.append(p)
        else:
            fail(f"no such file or directory: {p}")

    validators = {}
    problems = 0
    invalid_files = 0
    for path in files:
        schema_path = os.path.abspath(args.schema) if args.schema else schema_for(path)
        if schema_path not in validators:
            try:
                with open(schema_path, encoding="utf-8") as f:
                    schema = json.load(f)
                jsonschema.Draft7Validator.check_schema(schema)
            except (OSError, ValueError, jsonschema.SchemaError) as e:
                fail(f"{schema_path}: not a usable schema: {e}")
            validators[schema_path] = jsonschema.Draft7Validator(schema)
        run = subprocess.run([args.coach, "yaml", "--format", "json", path], capture_output=True, text=True)
        if run.returncode != 0:
            print(f"{path}: not readable as YAML:\n{run.stderr.rstrip()}")
            problems += 1
            invalid_files += 1
            continue
        documents = json.loads(run.stdout)
        messages = []
        if len(documents) > 1:
            messages.append(f"holds {len(documents)} YAML documents; a coach file holds one")
        for document in documents[:1]:
            errors = validators[schema_path].iter_errors(document)
            for e in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
                at, text = explain(e)
                messages.append(f"at {where(at)}: {text}")
        for m in messages:
            print(f"{path}: {m}")
        if messages:
            problems += len(messages)
            invalid_files += 1
    print(f"{plural(len(files), 'file')} checked against the schemas: "
          + ("all valid" if not problems else f"{plural(problems, 'problem')} in {plural(invalid_files, 'file')}"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
