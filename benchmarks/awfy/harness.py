"""Are-We-Fast-Yet in selfpy and in CPython, side by side.

For each benchmark the selfpy port and its Python twin run in the same run,
each in its own child process. A child runs one warm-up iteration, then
times the benchmark loop in-process (AWFY's `innerBenchmarkLoop:`, which
checks every result); the parent also times the whole child process. The
inner iteration count is chosen once per benchmark so that CPython takes at
least `--min-seconds` (Mandelbrot and NBody take it as their problem size,
so they use sizes with a known answer). Prints per benchmark the
selfpy/CPython ratio, then the geometric means.

`--short` runs one iteration of each (results checked, no timing targets):
the form the test suite runs. Exit status 1 when a result is wrong or a
child fails; with `--targets`, also when a ratio misses its target.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TWINS = HERE / "python"

# name: (file stem, fixed problem sizes; None means any inner count will do)
BENCHMARKS: dict[str, tuple[str, tuple[int, ...] | None]] = {
    "Bounce": ("bounce", None),
    "CD": ("cd", (2, 10, 100, 200, 250, 500, 1000)),
    "DeltaBlue": ("deltablue", None),
    "Havlak": ("havlak", (1, 15, 150, 1500, 15000)),
    "Json": ("json", None),
    "List": ("list", None),
    "Mandelbrot": ("mandelbrot", (1, 500, 750)),
    "NBody": ("nbody", (1, 100000, 250000)),
    "Permute": ("permute", None),
    "Queens": ("queens", None),
    "Richards": ("richards", None),
    "Sieve": ("sieve", None),
    "Storage": ("storage", None),
    "Towers": ("towers", None),
}
MAX_RATIO = 25.0
CHILD_TIMEOUT = 900.0  # seconds: a child that takes longer is reported as failed
GEOMEAN_TARGET = 10.0


# ---- children --------------------------------------------------------------------
# Havlak's 50 extra loop searches (its answer does not depend on them) take
# CPython 10 s alone; the harness runs 5 of them, its short form 1.
SETTINGS = {"Havlak": ("find_loop_iterations", "findLoopIterations:", 5, 1)}


def python_loop(stem: str, name: str, short: bool = False) -> object:
    """The Python twin's benchmark object."""
    if str(TWINS) not in sys.path:
        sys.path.append(str(TWINS))  # at the end: the twins' `json.py` must not hide the stdlib's
    spec = importlib.util.spec_from_file_location(f"awfy_{stem}", TWINS / f"{stem}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    benchmark = getattr(module, name)()
    if name in SETTINGS:
        attribute, _, full, brief = SETTINGS[name]
        setattr(benchmark, attribute, brief if short else full)
    return benchmark.inner_benchmark_loop


def selfpy_loop(stem: str, name: str, short: bool = False) -> object:
    """A function running the selfpy port's `innerBenchmarkLoop:` in a memory image."""
    import selfpy

    world = selfpy.World()
    for part in ("benchmark", "som", stem):
        world.run_file(HERE / f"{part}.self")
    receiver = stem + "Benchmark"
    true = world.runtime.true
    if name in SETTINGS:
        _, setter, full, brief = SETTINGS[name]
        world.execute(f"{receiver} {setter} {brief if short else full}")

    def loop(inner: int) -> bool:
        # rolled back: the benchmark's data (blocks among it) never goes into the image
        return world.execute(f"{receiver} innerBenchmarkLoop: {inner}", commit=False) is true
    return loop


def timed(loop: object, inner: int, repeat: int) -> tuple[bool, float]:
    """Run the benchmark loop `repeat` times; answer whether every result was right."""
    start = time.perf_counter()
    ok = all(loop(inner) for _ in range(repeat))  # type: ignore[operator]
    return ok, time.perf_counter() - start


def child(side: str, name: str, inner: int, warmup: int, calibrate: float,
          short: bool = False, repeat: int = 1) -> dict:
    """Run one side of one benchmark; with `calibrate`, find the inner count first.

    Benchmarks whose inner count is a problem size take the smallest size that
    runs at least a tenth of `calibrate` and repeat it until it takes `calibrate`.
    """
    stem, sizes = BENCHMARKS[name]
    make = python_loop if side == "python" else selfpy_loop
    loop = make(stem, name, short)
    if warmup and not loop(sizes[0] if sizes else 1):
        return {"ok": False, "seconds": 0.0, "inner": inner, "repeat": repeat}
    while True:
        ok, elapsed = timed(loop, inner, repeat)
        if not ok or not calibrate or elapsed >= calibrate:
            return {"ok": ok, "seconds": elapsed, "inner": inner, "repeat": repeat}
        if sizes:
            bigger = [s for s in sizes if s > inner]
            if elapsed >= calibrate / 10 or not bigger:
                # `elapsed` was measured for `repeat` runs: scale that, with a margin (scaling
                # 1 instead let a run just short of `calibrate` pick fewer repeats, forever)
                repeat = max(repeat + 1, math.ceil(repeat * calibrate * 1.15 / max(elapsed, 1e-6)))
            else:
                inner = bigger[0]
        else:
            inner = max(inner + 1, math.ceil(inner * calibrate * 1.15 / max(elapsed, 1e-6)))


# ---- parent ---------------------------------------------------------------------
def run_child(side: str, name: str, inner: int, warmup: bool, calibrate: float = 0.0,
              short: bool = False, repeat: int = 1, python: str = sys.executable) -> dict:
    command = [python, str(Path(__file__)), "--child", side, name, "--inner", str(inner),
               "--repeat", str(repeat), "--calibrate", str(calibrate)]
    command += ([] if warmup else ["--no-warmup"]) + (["--short"] if short else [])
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              timeout=CHILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"ok": False, "seconds": 0.0, "inner": inner, "repeat": repeat,
                "process": time.perf_counter() - start,
                "error": f"no answer after {CHILD_TIMEOUT:g} s: stopped"}
    whole = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    try:
        report = json.loads(lines[-1])
    except (IndexError, ValueError):
        report = {"ok": False, "seconds": 0.0, "inner": inner, "repeat": repeat,
                  "error": (done.stderr or done.stdout).strip()[-2000:]}
    report["process"] = whole
    if done.returncode:
        report["ok"] = False
        report.setdefault("error", done.stderr.strip()[-2000:])
    return report


def geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", metavar="NAME", help="benchmarks (default: all)")
    parser.add_argument("--short", action="store_true",
                        help="one iteration each, results checked, no timing")
    parser.add_argument("--min-seconds", type=float, default=0.5,
                        help="CPython's least in-process time per benchmark")
    parser.add_argument("--runs", type=int, default=1,
                        help="run each side this many times, alternating; keep the best")
    parser.add_argument("--targets", action="store_true",
                        help="exit 1 when a ratio misses its target")
    parser.add_argument("--child", nargs=2, metavar=("SIDE", "NAME"), help=argparse.SUPPRESS)
    parser.add_argument("--inner", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--calibrate", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--no-warmup", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        side, name = options.child
        print(json.dumps(child(side, name, options.inner, not options.no_warmup,
                               options.calibrate, options.short, options.repeat)))
        return 0
    names = options.names or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    failed = []
    ratios: list[float] = []
    process_ratios: list[float] = []
    if options.short:
        print(f"{'benchmark':<11} {'selfpy':>7} {'python':>7}")
    else:
        print(f"{'benchmark':<11} {'inner':>9} {'selfpy s':>9} {'python s':>9} {'ratio':>6}"
              f" {'process ratio':>14}")
    for name in names:
        if options.short:
            sizes = BENCHMARKS[name][1]
            reports = [run_child(side, name, sizes[0] if sizes else 1, warmup=False, short=True)
                       for side in ("selfpy", "python")]
            marks = ["ok" if r["ok"] else "WRONG" for r in reports]
            print(f"{name:<11} {marks[0]:>7} {marks[1]:>7}", flush=True)
        else:
            sizes = BENCHMARKS[name][1]
            py = run_child("python", name, sizes[0] if sizes else 1, warmup=True,
                           calibrate=options.min_seconds)
            sp = run_child("selfpy", name, py["inner"], warmup=True, repeat=py["repeat"])
            for _ in range(options.runs - 1):  # alternate the sides; keep each side's best
                if not (sp["ok"] and py["ok"]):
                    break
                again = [run_child(side, name, py["inner"], warmup=True, repeat=py["repeat"])
                         for side in ("python", "selfpy")]
                py, sp = (min((old, new), key=lambda r: r["seconds"] if r["ok"] else 1e9)
                          for old, new in ((py, again[0]), (sp, again[1])))
            reports = [sp, py]
            if sp["ok"] and py["ok"]:
                ratio = sp["seconds"] / py["seconds"]
                process = sp["process"] / py["process"]
                ratios.append(ratio)
                process_ratios.append(process)
                flag = "  > target" if ratio > MAX_RATIO else ""
                size = f"{py['inner']}" + (f"x{py['repeat']}" if py["repeat"] > 1 else "")
                print(f"{name:<11} {size:>9} {sp['seconds']:>9.3f} {py['seconds']:>9.3f} "
                      f"{ratio:>6.1f} {process:>14.1f}{flag}", flush=True)
            else:
                print(f"{name:<11} {py['inner']:>9} {'WRONG' if not sp['ok'] else '':>9} "
                      f"{'WRONG' if not py['ok'] else '':>9}", flush=True)
        for side, report in zip(("selfpy", "python"), reports, strict=True):
            if not report["ok"]:
                failed.append(f"{name} ({side})")
                if report.get("error"):
                    print(report["error"], file=sys.stderr)
    if not options.short and ratios:
        mean = geomean(ratios)
        print(f"geometric mean {mean:.2f} over {len(ratios)} (target <= {GEOMEAN_TARGET:g}); "
              f"worst {max(ratios):.1f} (target <= {MAX_RATIO:g}); "
              f"whole-process geometric mean {geomean(process_ratios):.2f}")
        if options.targets and (mean > GEOMEAN_TARGET or max(ratios) > MAX_RATIO):
            return 1
    if failed:
        print("wrong or failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
