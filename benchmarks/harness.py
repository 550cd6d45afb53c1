"""Run each benchmark in selfpy and its Python twin; print the time ratio.

Both sides are timed in this process, excluding start-up (for selfpy: the
image is made before the clock starts), best of N runs, so the ratio is
selfpy's cost over CPython running the same algorithm.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import runpy
import time
from pathlib import Path

import selfpy

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["fib", "loop", "sieve", "dispatch"]


def time_selfpy(name: str) -> tuple[float, str]:
    out = io.StringIO()
    with selfpy.World(output=out.write) as world:
        start = time.perf_counter()
        world.run_file(HERE / f"{name}.self")
        elapsed = time.perf_counter() - start
    return elapsed, out.getvalue().strip()


def time_python(name: str) -> tuple[float, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        start = time.perf_counter()
        runpy.run_path(str(HERE / f"{name}.py"), run_name="__main__")
        elapsed = time.perf_counter() - start
    return elapsed, out.getvalue().strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", default=BENCHMARKS)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    parser.add_argument("--limit", type=float, default=30.0, help="the ratio target")
    options = parser.parse_args()
    print(f"{'benchmark':<10} {'selfpy s':>9} {'python s':>9} {'ratio':>7}")
    worst = 0.0
    for name in options.names:
        s_time, s_out = min(time_selfpy(name) for _ in range(options.runs))
        p_time, p_out = min(time_python(name) for _ in range(options.runs))
        if s_out != p_out:
            print(f"{name}: outputs differ: selfpy {s_out!r}, python {p_out!r}")
            return 1
        ratio = s_time / p_time
        worst = max(worst, ratio)
        print(f"{name:<10} {s_time:>9.3f} {p_time:>9.3f} {ratio:>7.1f}")
    print(f"worst ratio {worst:.1f} (target <= {options.limit:g})")
    return 0 if worst <= options.limit else 1


if __name__ == "__main__":
    raise SystemExit(main())
