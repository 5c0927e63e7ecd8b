"""coach from Python: evaluate seller snapshots against a rule set, explain, hot reload.

A thin ``ctypes`` binding of coach's C ABI (``libcoach.so``, declared in ``include/coach.h``).
The library is found through the ``COACH_LIBRARY`` environment variable (a path to the
``.so``), or as ``libcoach.so`` next to this package.

Example::

    import coach

    engine = coach.Engine(rules="Rules", playbooks="Playbooks")
    result = engine.evaluate({"seller": {"id": "S-1", "category": "fashion", "enrolled_on": "2026-11-01"},
                              "as_of": "2026-11-20", "signals": {...}})
    for tip in result["tips"]:
        print(tip["title"])

An :class:`Engine` is safe to use from many threads at once (the library releases nothing
to the caller that another thread could change). :meth:`Engine.reload` loads the new rule
set beside the serving one and swaps it in: evaluations already running finish on the
version they started with, a broken update leaves the old version serving and raises
:class:`CoachError` with every problem, and every result names the fingerprint of the rule
set that produced it (``result["ruleset"]["fingerprint"]``).
"""

from __future__ import annotations

import ctypes
import json
import os
import threading
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

__all__ = ["Engine", "CoachError", "library_version"]

Snapshot = Union[Mapping[str, Any], str, bytes, bytearray]


class CoachError(Exception):
    """A call that coach refused: the rule set, the snapshot or an argument is wrong.

    Attributes:
        message: the first error's message.
        diagnostics: every problem, as dicts with ``severity``, ``code``, ``message`` and,
            when known, ``location`` (``file``, ``line``, ``column``), ``hint`` and ``notes``
            (each a ``message`` with, when known, its own ``location``).
    """

    def __init__(self, message: str, diagnostics: List[Dict[str, Any]]):
        super().__init__(message)
        self.message = message
        self.diagnostics = diagnostics

    def __reduce__(self):
        # Pickled with both arguments, so it survives a process pool or a Spark task.
        return (CoachError, (self.message, self.diagnostics))

    def __str__(self) -> str:
        lines = []
        for d in self.diagnostics:
            where = ""
            loc = d.get("location") or {}
            # path:line:column, or as much of it as is known (a snapshot's problem may name
            # only its file)
            parts = [str(loc[k]) for k in ("file", "line", "column") if loc.get(k) is not None]
            if parts:
                where = ":".join(parts) + ": "
            lines.append("%s%s: %s" % (where, d.get("severity", "error"), d.get("message", "")))
        return "\n".join(lines) or self.message


_lib = None  # type: Optional[ctypes.CDLL]
_lib_lock = threading.Lock()


def _library() -> ctypes.CDLL:
    """Loads libcoach.so once: COACH_LIBRARY, else next to this package."""
    global _lib
    with _lib_lock:
        if _lib is not None:
            return _lib
        path = os.environ.get("COACH_LIBRARY") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "libcoach.so")
        if not os.path.exists(path):
            raise OSError("libcoach.so not found at %s: build it with `make lib` and set COACH_LIBRARY to its path" % path)
        lib = ctypes.CDLL(path)
        p, c = ctypes.c_void_p, ctypes.c_char_p
        sizes = ctypes.POINTER(ctypes.c_size_t)
        strings = ctypes.POINTER(ctypes.c_char_p)
        signatures = {
            "coach_version": ([], c),
            "coach_engine_new": ([c, c, ctypes.POINTER(p)], p),
            "coach_engine_new_from_texts": ([strings, strings, sizes, ctypes.c_size_t, ctypes.POINTER(p)], p),
            "coach_evaluate": ([p, c, ctypes.c_size_t], p),
            "coach_evaluate_line": ([p, c, ctypes.c_size_t], p),
            "coach_explain": ([p, c, ctypes.c_size_t, c], p),
            "coach_reload": ([p], p),
            "coach_reload_from_texts": ([p, strings, strings, sizes, ctypes.c_size_t], p),
            "coach_engine_info": ([p], p),
            "coach_engine_free": ([p], None),
            "coach_result_ok": ([p], ctypes.c_int),
            "coach_result_json": ([p], p),
            "coach_result_length": ([p], ctypes.c_size_t),
            "coach_result_free": ([p], None),
        }
        for name, (args, result) in signatures.items():
            fn = getattr(lib, name)
            fn.argtypes = args
            fn.restype = result
        _lib = lib
        return lib


def library_version() -> str:
    """The version of the loaded libcoach.so."""
    return _library().coach_version().decode()


def _take(result: int) -> bytes:
    """The bytes of a result, which is then freed; raises CoachError for an error result."""
    lib = _library()
    try:
        ok = lib.coach_result_ok(result)
        data = ctypes.string_at(lib.coach_result_json(result), lib.coach_result_length(result))
    finally:
        lib.coach_result_free(result)
    if not ok:
        error = json.loads(data)
        raise CoachError(error.get("error", "coach failed"), error.get("diagnostics", []))
    return data


def _argument_error(message: str) -> CoachError:
    return CoachError(message, [{"severity": "error", "code": "abi.argument", "message": message}])


def _plain(value: Any) -> Any:
    """A mapping that is not a dict (a ``MappingProxyType``, an ``OrderedDict`` subclass json
    refuses) or a sequence that is not a list, written as JSON as a dict or a list is."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset)):
        raise TypeError("a set has no order; give a list")
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray)):
        return list(value)
    raise TypeError("%s is not JSON" % type(value).__name__)


def _snapshot_bytes(snapshot: Snapshot) -> bytes:
    if isinstance(snapshot, (bytes, bytearray)):
        return bytes(snapshot)
    if isinstance(snapshot, str):
        try:
            return snapshot.encode("utf-8")
        except UnicodeEncodeError as e:  # a lone surrogate: not text JSON can hold
            raise _argument_error("the snapshot is not valid text: %s" % e) from None
    if isinstance(snapshot, Mapping):
        try:
            return json.dumps(snapshot, separators=(",", ":"), ensure_ascii=False, allow_nan=False,
                              default=_plain).encode("utf-8")
        except (ValueError, TypeError, UnicodeEncodeError, RecursionError) as e:  # NaN, a set, a lone surrogate, a cycle
            raise _argument_error("the snapshot cannot be written as JSON: %s" % e) from None
    raise TypeError("a snapshot is a dict, or JSON as str or bytes, not %s" % type(snapshot).__name__)


def _c_string(value: Any, what: str) -> bytes:
    """``value`` as the NUL-terminated UTF-8 text the C ABI takes: a str (or, for a path, an
    ``os.PathLike``). A NUL inside it would end it early, so that part would be silently
    dropped: refused instead, as Python's own file functions refuse it."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise TypeError("%s must be a str, not %s" % (what, type(value).__name__))
    if "\x00" in value:
        raise ValueError("%s contains a NUL character: %r" % (what, value))
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as e:  # a lone surrogate
        raise ValueError("%s is not valid text: %s" % (what, e)) from None


def _file_text(name: Any, text: Any) -> bytes:
    if isinstance(text, (bytes, bytearray)):
        return bytes(text)
    if not isinstance(text, str):
        raise TypeError("the text of %r must be a str or bytes, not %s" % (name, type(text).__name__))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError("the text of %r is not valid text: %s" % (name, e)) from None


def _files(files: Mapping[str, Union[str, bytes]]):
    if not isinstance(files, Mapping):
        raise TypeError("files must be a mapping of file name to text, not %s" % type(files).__name__)
    names = [_c_string(name, "a file name") for name in files]
    texts = [_file_text(name, text) for name, text in files.items()]
    count = len(names)
    return ((ctypes.c_char_p * count)(*names), (ctypes.c_char_p * count)(*texts),
            (ctypes.c_size_t * count)(*[len(t) for t in texts]), count, (names, texts))


class Engine:
    """A rule set loaded and compiled once, serving evaluations from any number of threads.

    Args:
        rules: the rule set's directory (manifest, signal catalog, rule files).
        playbooks: the playbooks' directory.

    Raises:
        CoachError: the rule set could not be loaded; ``diagnostics`` holds every problem,
            each with its file, line and column.
        TypeError, ValueError: a path (or, for ``from_texts`` and ``reload``, a file name or
            text) that is not text, or holds a NUL character, which would end it early.
    """

    def __init__(self, rules: Union[str, "os.PathLike[str]"] = "Rules",
                 playbooks: Union[str, "os.PathLike[str]"] = "Playbooks"):
        handle = ctypes.c_void_p()
        self._handle: Optional[int] = None
        rules_path, playbooks_path = _c_string(rules, "rules"), _c_string(playbooks, "playbooks")
        info = _take(_library().coach_engine_new(rules_path, playbooks_path, ctypes.byref(handle)))
        self._handle = handle.value
        self._info = json.loads(info)

    @classmethod
    def from_texts(cls, files: Mapping[str, Union[str, bytes]]) -> "Engine":
        """An engine from files held in memory: ``{"Rules/ruleset.yaml": text, ...,
        "Playbooks/NAME.yaml": text}``. The same files give the same fingerprint as when
        loaded from directories."""
        engine = cls.__new__(cls)
        engine._handle = None
        handle = ctypes.c_void_p()
        names, texts, lengths, count, _keep = _files(files)
        info = _take(_library().coach_engine_new_from_texts(names, texts, lengths, count, ctypes.byref(handle)))
        engine._handle = handle.value
        engine._info = json.loads(info)
        return engine

    def _live(self) -> int:
        if self._handle is None:
            raise CoachError("the engine is closed", [{"severity": "error", "code": "abi.argument",
                                                       "message": "the engine is closed"}])
        return self._handle

    def evaluate(self, snapshot: Snapshot) -> Dict[str, Any]:
        """Evaluates one seller snapshot (a dict, or JSON text or bytes): the same result as
        ``coach eval --format json``, as a dict.

        Raises:
            CoachError: the snapshot could not be read (malformed JSON, a missing date, ...).
        """
        return json.loads(self.evaluate_json(snapshot, one_line=True))

    def evaluate_json(self, snapshot: Snapshot, one_line: bool = False) -> bytes:
        """Evaluates one snapshot and returns the result's JSON bytes: byte for byte what
        ``coach eval --format json`` prints; with ``one_line``, the same JSON on one line
        ending in a line feed (the line ``coach batch --output full`` writes), a quarter
        fewer bytes and faster to write."""
        data = _snapshot_bytes(snapshot)
        lib = _library()
        evaluate = lib.coach_evaluate_line if one_line else lib.coach_evaluate
        return _take(evaluate(self._live(), data, len(data)))

    def explain(self, snapshot: Snapshot, rule: Optional[str] = None) -> Dict[str, Any]:
        """Explains every rule for the snapshot, or only ``rule``: why it fired, did not,
        was skipped or held back (as ``coach explain --format json``)."""
        data = _snapshot_bytes(snapshot)
        rule_id = _c_string(rule, "rule") if rule is not None else None
        return json.loads(_take(_library().coach_explain(self._live(), data, len(data), rule_id)))

    def reload(self, files: Optional[Mapping[str, Union[str, bytes]]] = None) -> str:
        """Loads the rule set again (from its directories, or from ``files`` held in memory)
        and swaps it in atomically. Returns the new fingerprint.

        Raises:
            CoachError: the new version has errors; the old one keeps serving.
        """
        if files is None:
            info = _take(_library().coach_reload(self._live()))
        else:
            names, texts, lengths, count, _keep = _files(files)
            info = _take(_library().coach_reload_from_texts(self._live(), names, texts, lengths, count))
        self._info = json.loads(info)
        return self._info["fingerprint"]

    @property
    def info(self) -> Dict[str, Any]:
        """``{"engine", "name", "version", "fingerprint", "rules", "items"}`` of the rule set
        serving now."""
        return json.loads(_take(_library().coach_engine_info(self._live())))

    @property
    def fingerprint(self) -> str:
        """The fingerprint of the rule set serving now."""
        return self.info["fingerprint"]

    def close(self) -> None:
        """Releases the engine (evaluations running on other threads finish first)."""
        if self._handle is not None:
            _library().coach_engine_free(self._handle)
            self._handle = None

    def __enter__(self) -> "Engine":
        return self

    def __reduce__(self):
        # An engine is a handle into this process's library: a copy would free it twice, and
        # an unpickled one would name another process's engine. Build one per process (for
        # example per Spark partition) with Engine(...) or Engine.from_texts(...).
        raise TypeError("a coach.Engine cannot be pickled or copied: build one per process with Engine(...) or Engine.from_texts(...)")

    def __copy__(self) -> "Engine":
        self.__reduce__()
        return self

    def __deepcopy__(self, memo: Any) -> "Engine":
        self.__reduce__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        if self._handle is None:
            return "<coach.Engine, closed>"
        return "<coach.Engine %s %s (%s)>" % (self._info.get("name"), self._info.get("version"), self._info.get("fingerprint"))
