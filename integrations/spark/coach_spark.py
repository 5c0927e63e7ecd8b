#!/usr/bin/env python3
"""coach on Spark: evaluates a population of sellers (JSON Lines) with the Python binding.

    spark-submit integrations/spark/coach_spark.py --rules Rules --playbooks Playbooks \\
        --input POP.jsonl --output OUT_DIR [--partitions N] [--single-file PATH] [--form full|ids]

    python3 integrations/spark/coach_spark.py ...      (local mode: --master, local[*] by default)

The driver reads the rule set (every *.yaml / *.yml of the rules directory and of the
playbooks directory, rule tests excepted: the files a directory load reads) into a dict
``{"Rules/NAME.yaml": bytes, "Playbooks/NAME.yaml": bytes}`` and broadcasts it. Each
partition builds one ``coach.Engine.from_texts`` from it, so executors need no rules
directory, only the ``coach`` package and ``libcoach.so`` (found as the binding always finds
it: ``COACH_LIBRARY``, or next to the package; see README.md for shipping them to a cluster).

The output has one line per seller, in input order, byte for byte what
``coach batch [--output ids] --rules R --playbooks P INPUT`` writes for the same file: the
result of ``coach eval --format json`` on one line (``--form full``, the default), or the ids
form (``--form ids``), and for a line that cannot be read an error record
``{"line": N, "error": MESSAGE, "diagnostics": [...]}`` with the diagnostics' locations on
line N of INPUT (the ``--input`` argument as given, or ``--input-name``). Blank lines are
skipped without a record; CRLF line ends are accepted. Exit status 0 when every line was
read, 1 when any line gave an error record or the rule set could not be loaded, 2 for a
wrong option.

The output directory holds Spark's part files (part-00000, part-00001, ... in order: the
concatenation is the whole output); ``--single-file PATH`` also writes them merged into one
file on the driver.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple

# The longest line coach batch reads (LineReader.maxLineBytes): a longer one gives an error record.
MAX_LINE_BYTES = 64 << 20
BYTE_ORDER_MARK = b"\xef\xbb\xbf"


# ---------------------------------------------------------------------------------------
# The rule set, read on the driver.

def rule_files(rules: str, playbooks: str) -> Dict[str, bytes]:
    """The rule set's files as ``Engine.from_texts`` takes them: ``Rules/NAME.yaml`` and
    ``Playbooks/NAME.yaml`` to their bytes. The same files a directory load reads (``.yaml``
    and ``.yml``, not ``*.test.yaml``, no subdirectories), so the fingerprint is the same as
    ``coach batch --rules RULES --playbooks PLAYBOOKS`` reports."""
    files: Dict[str, bytes] = {}
    for folder, directory in (("Rules", rules), ("Playbooks", playbooks)):
        if not os.path.isdir(directory):
            raise FileNotFoundError("%s directory '%s' does not exist" % (folder.lower(), directory))
        for name in sorted(os.listdir(directory)):
            path = os.path.join(directory, name)
            if (name.endswith(".yaml") or name.endswith(".yml")) and not name.endswith(".test.yaml") and os.path.isfile(path):
                with open(path, "rb") as f:
                    files["%s/%s" % (folder, name)] = f.read()
    return files


# ---------------------------------------------------------------------------------------
# JSON written as coach writes it (Sources/CoachJSON/JSONWriter.swift): no spaces, keys in
# the order given, `"`, `\` and control characters escaped (\n \r \t \b \f, others \u00xx in
# lower-case hex), DEL and U+2028/U+2029 escaped as \u007f, \u2028, \u2029, everything else
# written as UTF-8.

_ESCAPES = {i: "\\u%04x" % i for i in range(0x20)}
_ESCAPES.update({0x22: '\\"', 0x5C: "\\\\", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x08: "\\b", 0x0C: "\\f",
                 0x7F: "\\u007f", 0x2028: "\\u2028", 0x2029: "\\u2029"})


def quote(s: str) -> str:
    """``s`` as a JSON string, as coach's JSONWriter quotes it."""
    return '"' + s.translate(_ESCAPES) + '"'


def dump(value: Any) -> str:
    """``value`` as compact JSON, as coach's JSONWriter writes it (integers, strings, lists,
    dicts, booleans and null: what error records and the ids form hold)."""
    if isinstance(value, str):
        return quote(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return '"NaN"'
        if math.isinf(value):
            return '"Infinity"' if value > 0 else '"-Infinity"'
        return repr(value)  # shortest round trip, as Swift's description (exponent ranges may differ)
    if isinstance(value, Mapping):
        return "{" + ",".join(quote(k) + ":" + dump(v) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(dump(v) for v in value) + "]"
    raise TypeError("cannot write %s as JSON" % type(value).__name__)


# A JSON string in the bytes of coach's output (no raw newline is ever inside one).
_STRING = re.compile(rb'("[^"\\]*(?:\\.[^"\\]*)*")')


def compact(pretty: bytes) -> bytes:
    """The one-line form of a result as ``evaluate_json`` returns it (``coach eval --format
    json``: two-space indentation, ``": "`` after keys, a final newline): what ``coach batch``
    writes for it, byte for byte, without its newline.

    Both forms come from the same writer (JSONStream), which only adds whitespace outside
    strings for indentation: a newline and spaces before an item or a closing bracket, and a
    space after a key's colon. A newline never occurs inside a string (it is escaped), so
    dropping every newline with the spaces after it is exact. ``": "`` is a key's separator
    unless its quote is escaped (``\\": ``) or opens a string that starts with ``: `` (then
    the quote follows a space: `` ": ``); when neither occurs (nearly always) a plain replace
    is exact; otherwise the whitespace between the strings is removed string by string."""
    if b'\\": ' not in pretty and b' ": ' not in pretty:
        return b"".join(map(bytes.lstrip, pretty.replace(b'": ', b'":').split(b"\n")))
    parts = _STRING.split(pretty)  # outside strings at even indices, strings at odd ones
    parts[0::2] = [p.translate(None, b"\n ") for p in parts[0::2]]
    return b"".join(parts)


def ids_record(result: Mapping[str, Any]) -> bytes:
    """The ids form of a full result, as ``coach batch --output ids`` writes it:
    ``{"seller", "tips", "escalations", "checklist": {"done", "open", "overdue", "upcoming"}}``,
    the ids in the full result's order."""
    checklist = {status: [] for status in ("done", "open", "overdue", "upcoming")}
    for item in result["checklist"]:
        checklist[item["status"]].append(item["id"])
    return dump({"seller": result["seller"]["id"],
                 "tips": [tip["id"] for tip in result["tips"]],
                 "escalations": [e["id"] for e in result["escalations"]],
                 "checklist": checklist}).encode("utf-8")


JSON_LINES_HINT = ("a population is JSON Lines: one whole snapshot on each line (a pretty-printed file spreads one "
                   "over many; compact it first, e.g. jq -c . FILE)")


def json_lines_hinted(diagnostics: List[Mapping[str, Any]], line: bytes) -> List[Mapping[str, Any]]:
    """A malformed line's errors with the hint that a population is JSON Lines, when the line
    is a piece of a pretty-printed snapshot: ``{`` alone, or not starting with ``{``
    (BatchWorker.jsonLinesHinted)."""
    content = bytes(b for b in line if b not in b" \t\r")
    if content.startswith(b"{") and content != b"{":
        return diagnostics
    return [dict(d, hint=JSON_LINES_HINT) if d.get("code") == "snapshot.json" else d for d in diagnostics]


def error_record(number: int, input_name: str, diagnostics: List[Mapping[str, Any]]) -> bytes:
    """``{"line": N, "error": MESSAGE, "diagnostics": [...]}`` as coach batch writes it for a
    line it cannot read (BatchWorker.appendError): the errors when there are any (and the
    note counting those past the limit), each location, the notes' too, moved to line
    ``number`` of ``input_name`` (its column kept; one with no position names the file
    only), the message the first error's."""
    def moved(location: Optional[Mapping[str, Any]]) -> Optional[Mapping[str, Any]]:
        if not location:
            return location
        if location.get("line") is None:
            return {"file": input_name}
        return {"file": input_name, "line": number, "column": location.get("column")}

    errors = [d for d in diagnostics if d.get("severity") == "error" or d.get("code") == "snapshot.more"]
    shown = []
    for d in (errors or diagnostics):
        d = dict(d)
        if d.get("location"):
            d["location"] = moved(d["location"])
        if d.get("notes"):
            d["notes"] = [dict(n, location=moved(n["location"])) if n.get("location") else n for n in d["notes"]]
        shown.append(d)
    first = next((d for d in shown if d.get("severity") == "error"), shown[0] if shown else {})
    message = first.get("message") or "the snapshot could not be read"
    return dump({"line": number, "error": message, "diagnostics": shown}).encode("utf-8")


def too_long_record(number: int, input_name: str) -> bytes:
    """The error record of a line longer than coach batch reads (BatchWorker.appendTooLong)."""
    message = "the line is longer than %d MiB, the largest snapshot coach reads" % (MAX_LINE_BYTES >> 20)
    # At the line's start, as the record's other diagnostics are placed on their line.
    return error_record(number, input_name, [{"severity": "error", "code": "snapshot.too-large", "message": message,
                                              "location": {"file": input_name, "line": number, "column": 1}}])


def evaluate_line(engine: Any, line: bytes, number: int, form: str, input_name: str,
                  coach_error: type) -> Optional[Tuple[bytes, bool]]:
    """The record for input line ``number`` (from 1) and whether the line was read, or None
    for a blank line (spaces, tabs, carriage returns), as coach batch does."""
    if line.endswith(b"\r"):  # CRLF: coach batch drops the CR
        line = line[:-1]
    if line.startswith(BYTE_ORDER_MARK):  # as coach batch does, at the start of any line
        line = line[len(BYTE_ORDER_MARK):]
    if len(line) > MAX_LINE_BYTES:
        return too_long_record(number, input_name), False
    if not line.strip(b" \t\r"):
        return None
    try:
        pretty = engine.evaluate_json(line)
    except coach_error as error:
        return error_record(number, input_name, json_lines_hinted(error.diagnostics, line)), False
    if form == "ids":
        return ids_record(json.loads(pretty)), True
    return compact(pretty), True


def evaluate_lines(engine: Any, lines: Iterable[Tuple[bytes, int]], form: str, input_name: str,
                   counts: Optional[Callable[[bool], None]] = None) -> Iterator[bytes]:
    """The records of ``(line, index from 0)`` pairs, blank lines left out."""
    import coach
    for line, index in lines:
        out = evaluate_line(engine, line, index + 1, form, input_name, coach.CoachError)
        if out is not None:
            if counts is not None:
                counts(out[1])
            yield out[0]


# ---------------------------------------------------------------------------------------
# Executors.

def _use_shipped_library() -> None:
    """When the binding would not find libcoach.so here (COACH_LIBRARY names no file, and
    none is next to the package) but one was shipped with the job (``--ship``, or
    spark-submit ``--files libcoach.so``), points COACH_LIBRARY at the shipped copy."""
    given = os.environ.get("COACH_LIBRARY")
    if given and os.path.exists(given):
        return
    if not given:
        import coach
        if os.path.exists(os.path.join(os.path.dirname(os.path.abspath(coach.__file__)), "libcoach.so")):
            return
    from pyspark import SparkFiles
    shipped = SparkFiles.get("libcoach.so")
    if os.path.exists(shipped):
        os.environ["COACH_LIBRARY"] = shipped


def partition_evaluator(files: Any, form: str, input_name: str,
                        done: Any = None, failed: Any = None) -> Callable[[Iterator[Tuple[bytes, int]]], Iterator[bytes]]:
    """The function each partition runs: one engine from the broadcast rule files (built at
    the partition's first line, closed at its end), the partition's lines in, records out in
    the same order."""

    def evaluate_partition(rows: Iterator[Tuple[bytes, int]]) -> Iterator[bytes]:
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return
        _use_shipped_library()
        import coach
        engine = coach.Engine.from_texts(files.value)
        n = [0, 0]

        def count(ok: bool) -> None:
            n[0 if ok else 1] += 1

        try:
            yield from evaluate_lines(engine, _chain(first, rows), form, input_name, count)
        finally:
            engine.close()
            if done is not None:
                done.add(n[0])
            if failed is not None:
                failed.add(n[1])

    return evaluate_partition


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


# ---------------------------------------------------------------------------------------
# The driver.

def parse_arguments(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="coach_spark.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rules", default="Rules", help="the rule set's directory, read on the driver (default: Rules)")
    p.add_argument("--playbooks", default="Playbooks", help="the playbooks' directory, read on the driver (default: Playbooks)")
    p.add_argument("--input", required=True,
                   help="the population: a JSON Lines file (or a directory or glob: its files in name order, "
                        "numbered as if concatenated); any path Spark reads (file:, hdfs:, s3a:, ...)")
    p.add_argument("--output", help="the directory Spark writes the results to (part files, in order)")
    p.add_argument("--single-file", metavar="PATH", help="also write every result, in order, to this one file on the driver")
    p.add_argument("--form", choices=("full", "ids"), default="full",
                   help="per seller: the full result (coach batch --output full, the default) or ids only (--output ids)")
    p.add_argument("--partitions", type=int, help="split the input into this many partitions "
                   "(default: the default parallelism, and at least one per 128 MiB)")
    p.add_argument("--input-name", help="the file name error records' locations give (default: --input as given)")
    p.add_argument("--master", help="Spark master when not set by spark-submit (default: local[*])")
    p.add_argument("--overwrite", action="store_true", help="replace --output if it exists (Spark refuses otherwise)")
    p.add_argument("--ship", action="store_true",
                   help="ship the coach package (as a zip) and libcoach.so from the driver to the executors")
    p.add_argument("--log-level", default="WARN", help="Spark's log level (default: WARN)")
    args = p.parse_args(argv)
    if not args.output and not args.single_file:
        p.error("give --output DIR, --single-file PATH, or both")
    if args.partitions is not None and args.partitions < 1:
        p.error("--partitions must be at least 1")
    return args


def _say(message: str) -> None:
    sys.stderr.write("coach-spark: %s\n" % message)
    sys.stderr.flush()


def _input_files(spark: Any, pattern: str) -> List[Tuple[str, int]]:
    """The input's files (path, length) in name order: the file itself, a directory's files
    (hidden ones, _* and .*, left out), or a glob's matches."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(pattern)
    fs = path.getFileSystem(conf)
    found = fs.globStatus(path) or []
    files = []
    for status in found:
        if status.isDirectory():
            for child in fs.listStatus(status.getPath()):
                name = child.getPath().getName()
                if child.isFile() and not name.startswith(("_", ".")):
                    files.append((child.getPath().toString(), child.getLen()))
        else:
            files.append((status.getPath().toString(), status.getLen()))
    return sorted(files)


def read_lines(spark: Any, files: List[Tuple[str, int]], partitions: int) -> Any:
    """The input's lines as an RDD of bytes, in file and line order, in about ``partitions``
    partitions. The text source splits on "\\n" only (coach batch's line end) and the lines
    stay bytes (cast to binary: nothing decoded, so invalid UTF-8 reaches coach as it is)."""
    from pyspark.sql import functions as F
    total = sum(length for _, length in files)
    # Splits of total/partitions bytes (FilePartition.maxSplitBytes): openCostInBytes 0 and
    # minPartitionNum 1 leave maxPartitionBytes the only bound. The session's own settings are
    # put back once the reads are planned (df.rdd plans them).
    settings = {"spark.sql.files.maxPartitionBytes": str(max(1, -(-total // partitions))),
                "spark.sql.files.openCostInBytes": "0",
                "spark.sql.files.minPartitionNum": "1"}
    before = {key: spark.conf.get(key, None) for key in settings}
    for key, value in settings.items():
        spark.conf.set(key, value)
    try:
        rdds = []
        for path, _ in files:
            # One read per file: a read of several files orders its splits by size, not by name.
            df = spark.read.option("lineSep", "\n").text(path).select(F.col("value").cast("binary"))
            rdds.append(df.rdd.map(lambda row: bytes(row[0])))
    finally:
        for key, value in before.items():
            if value is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, value)
    return rdds[0] if len(rdds) == 1 else spark.sparkContext.union(rdds)


def _merge_parts(spark: Any, directory: str, target: str) -> None:
    """Concatenates the part files of ``directory`` (any Hadoop file system), in partition
    order, into the local file ``target``, in the JVM."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(directory)
    fs = path.getFileSystem(conf)
    parts = [s.getPath() for s in fs.listStatus(path) if s.getPath().getName().startswith("part-")]
    parts.sort(key=lambda p: int(re.match(r"part-(\d+)", p.getName()).group(1)))
    tmp = os.path.abspath(target) + ".tmp"
    out = jvm.java.io.FileOutputStream(tmp)
    try:
        for part in parts:
            stream = fs.open(part)
            try:
                jvm.org.apache.hadoop.io.IOUtils.copyBytes(stream, out, 1 << 20, False)
            finally:
                stream.close()
    finally:
        out.close()
    os.replace(tmp, os.path.abspath(target))


def _ship_binding(spark: Any) -> None:
    """Ships the coach package the driver imports (zipped) and the library it loads."""
    import tempfile
    import zipfile
    import coach
    package = os.path.dirname(os.path.abspath(coach.__file__))
    archive = os.path.join(tempfile.mkdtemp(prefix="coach-spark-"), "coach.zip")
    with zipfile.ZipFile(archive, "w") as z:
        for name in sorted(os.listdir(package)):
            if name.endswith(".py") or name == "py.typed":
                z.write(os.path.join(package, name), "coach/" + name)
    spark.sparkContext.addPyFile(archive)
    library = os.environ.get("COACH_LIBRARY") or os.path.join(package, "libcoach.so")
    if not os.path.exists(library):
        raise OSError("--ship: libcoach.so not found at %s (set COACH_LIBRARY)" % library)
    spark.sparkContext.addFile(library)


def run(spark: Any, args: argparse.Namespace) -> int:
    """Runs the job on ``spark`` (which the caller stops). Returns the exit status."""
    started = time.time()
    sc = spark.sparkContext
    if __name__ != "__main__":
        # Imported (by a test, or another job): pickle this module's functions by value, so
        # that executors need not import it.
        from pyspark import cloudpickle
        cloudpickle.register_pickle_by_value(sys.modules[__name__])

    try:
        files = rule_files(args.rules, args.playbooks)
    except OSError as error:
        _say("error: %s" % error)
        return 1
    try:  # load the rule set on the driver too: a broken one fails here, with every problem
        import coach
        with coach.Engine.from_texts(files) as engine:
            fingerprint = engine.fingerprint
    except ImportError:
        fingerprint = "(not loaded on the driver: the coach package is not importable here)"
    except OSError as error:
        fingerprint = "(not loaded on the driver: %s)" % error
    except Exception as error:  # coach.CoachError
        _say("error: the rule set could not be loaded:\n%s" % error)
        return 1
    if args.ship:
        _ship_binding(spark)

    inputs = _input_files(spark, args.input)
    if not inputs:
        _say("error: no input at %s" % args.input)
        return 1
    total = sum(length for _, length in inputs)
    partitions = args.partitions or max(sc.defaultParallelism, -(-total // (128 << 20)), 1)

    broadcast = sc.broadcast(files)
    done, failed = sc.accumulator(0), sc.accumulator(0)
    evaluate = partition_evaluator(broadcast, args.form, args.input_name or args.input, done, failed)
    # zipWithIndex numbers the lines in partition order, which is file order; mapPartitions
    # keeps each partition's order and partition i is written as part i: no shuffle, and the
    # part files concatenated are the input's order.
    results = read_lines(spark, inputs, partitions).zipWithIndex().mapPartitions(evaluate, preservesPartitioning=True)

    if args.output:
        if args.overwrite:
            path = sc._jvm.org.apache.hadoop.fs.Path(args.output)
            path.getFileSystem(sc._jsc.hadoopConfiguration()).delete(path, True)
        results.saveAsTextFile(args.output)
        if args.single_file:
            _merge_parts(spark, args.output, args.single_file)
    else:
        tmp = os.path.abspath(args.single_file) + ".tmp"
        with open(tmp, "wb") as out:
            for record in results.toLocalIterator():
                out.write(record)
                out.write(b"\n")
        os.replace(tmp, os.path.abspath(args.single_file))

    _say("%d sellers, %d lines not read, %d partitions, %.1f s, rule set %s"
         % (done.value, failed.value, results.getNumPartitions(), time.time() - started, fingerprint))
    return 1 if failed.value else 0


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_arguments(argv)
    from pyspark.sql import SparkSession
    builder = (SparkSession.builder.appName("coach-spark")
               .config("spark.ui.showConsoleProgress", "false"))
    if args.master:  # else spark-submit's --master, or local[*] (Spark's default) under python3
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(args.log_level)
    try:
        return run(spark, args)
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main())
