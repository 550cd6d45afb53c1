"""Run each benchmark in selfpy and its Python twin; print the time ratio.

Both sides are timed in this process, excluding start-up (for selfpy: the
image is made before the clock starts), best of N runs, so the ratio is
selfpy's cost over CPython running the same algorithm.

`--quick` runs each benchmark once on a small input: a check that the
harness and every benchmark still work and agree with their twins (the test
suite runs it); its ratios mean little and are not judged. Exit status 1
when a benchmark's output differs from its twin's, or (without --quick) when
the worst ratio is above the target.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import runpy
import sys
import time
from pathlib import Path

import selfpy

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["fib", "loop", "sieve", "dispatch"]
# the argument each benchmark (and its twin) gets with --quick: its size
QUICK = {"fib": "15", "loop": "20000", "sieve": "20000", "dispatch": "5000"}


def time_selfpy(name: str, arguments: list[str]) -> tuple[float, str]:
    out = io.StringIO()
    with selfpy.World(output=out.write) as world:
        start = time.perf_counter()
        world.run_file(HERE / f"{name}.self", arguments)
        elapsed = time.perf_counter() - start
    return elapsed, out.getvalue().strip()


def time_python(name: str, arguments: list[str]) -> tuple[float, str]:
    out = io.StringIO()
    path = str(HERE / f"{name}.py")
    saved = sys.argv
    sys.argv = [path, *arguments]
    try:
        with contextlib.redirect_stdout(out):
            start = time.perf_counter()
            runpy.run_path(path, run_name="__main__")
            elapsed = time.perf_counter() - start
    finally:
        sys.argv = saved
    return elapsed, out.getvalue().strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", default=BENCHMARKS)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    parser.add_argument("--limit", type=float, default=8.0,
                        help="the ratio target (each at most 8x CPython; exit status 1 above it)")
    parser.add_argument("--quick", action="store_true",
                        help="one run of each on a small input: checks results, not speed")
    options = parser.parse_args()
    unknown = [name for name in options.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)} (there are {', '.join(BENCHMARKS)})")
    runs = 1 if options.quick else options.runs
    print(f"{'benchmark':<10} {'selfpy s':>9} {'python s':>9} {'ratio':>7}  output")
    worst = 0.0
    for name in options.names:
        arguments = [QUICK[name]] if options.quick else []
        s_time, s_out = min(time_selfpy(name, arguments) for _ in range(runs))
        p_time, p_out = min(time_python(name, arguments) for _ in range(runs))
        if s_out != p_out or not p_out:
            print(f"{name}: outputs differ: selfpy {s_out!r}, python {p_out!r}")
            return 1
        ratio = s_time / p_time
        worst = max(worst, ratio)
        print(f"{name:<10} {s_time:>9.3f} {p_time:>9.3f} {ratio:>7.1f}  {s_out}")
    if options.quick:
        print(f"worst ratio {worst:.1f} (quick run: not judged)")
        return 0
    print(f"worst ratio {worst:.1f} (target <= {options.limit:g})")
    return 0 if worst <= options.limit else 1


if __name__ == "__main__":
    raise SystemExit(main())
