"""`make bench`: the Python binding's cost per evaluation beside the C ABI's, on the shipped
rules and examples; the difference is the binding's own overhead (ctypes, bytes, the dict).

    COACH_LIBRARY=.build/release/libcoach.so python3 bench/python_bench.py [ITERATIONS]
"""

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bindings" / "python"))
import coach  # noqa: E402


def best_us(fn, iterations):
    fn()
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(iterations):
            fn()
        best = min(best, (time.perf_counter() - start) * 1e6 / iterations)
    return best


def main():
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    engine = coach.Engine(rules=str(ROOT / "Rules"), playbooks=str(ROOT / "Playbooks"))
    raw, parsed, total = [], [], 0
    print("snapshot                        evaluate_json µs   evaluate µs (dict in, dict out)")
    for path in sorted((ROOT / "Examples").glob("*.json")):
        data = path.read_bytes()
        as_dict = json.loads(data)
        a = best_us(lambda: engine.evaluate_json(data), iterations)
        b = best_us(lambda: engine.evaluate(as_dict), iterations)
        raw.append(a)
        parsed.append(b)
        print("%-30s %12.2f %16.2f" % (path.stem, a, b))
    print("mean: evaluate_json %.2f µs, evaluate %.2f µs per call from Python"
          % (sum(raw) / len(raw), sum(parsed) / len(parsed)))


if __name__ == "__main__":
    main()
