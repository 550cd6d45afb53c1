"""Where a selfpy benchmark spends its time: cProfile around one inner loop.

    python benchmarks/awfy/hotspots.py Richards CD ...

Prints per benchmark the self time by kind of function (compiled selfpy
methods and blocks, send sites, primitives, ZODB, other Python, C builtins)
and the four hottest. The benchmark runs once before (warm-up), then once
under the profiler at a small size.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import pstats

import harness

SIZES = {"CD": 10, "Havlak": 1, "Mandelbrot": 500, "NBody": 2000, "DeltaBlue": 200, "Json": 2,
         "Richards": 1, "Bounce": 10, "List": 10, "Permute": 10, "Queens": 10, "Sieve": 20,
         "Storage": 5, "Towers": 5}


def kind(filename: str, function: str) -> tuple[str, str | None]:
    """The kind of a profiled function, and its name if it is worth listing."""
    if filename.startswith("<selfpy"):
        return "compiled", filename.split(" ", 2)[-1].rstrip(">")
    if filename == "<string>":
        return "sites", None
    if "/primitives/" in filename:
        return "primitives", "primitive " + function
    if any(part in filename for part in ("persistent", "ZODB", "transaction")):
        return "ZODB", None
    if filename == "~":
        return "C builtins", function
    return "other Python", filename.rsplit("/", 1)[-1] + ":" + function


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", default=list(harness.BENCHMARKS))
    options = parser.parse_args()
    for name in options.names:
        stem, sizes = harness.BENCHMARKS[name]
        loop = harness.selfpy_loop(stem, name, short=True)
        loop(sizes[0] if sizes else 1)
        profile = cProfile.Profile()
        profile.enable()
        loop(SIZES[name])
        profile.disable()
        kinds: collections.Counter = collections.Counter()
        hottest: collections.Counter = collections.Counter()
        total = 0.0
        stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
        for (filename, _, function), row in stats.items():
            seconds = row[2]
            total += seconds
            what, label = kind(filename, function)
            kinds[what] += seconds
            if label:
                hottest[label] += seconds
        shares = ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in kinds.most_common())
        print(f"{name}: {shares}")
        print("    hottest: " + ", ".join(f"{k} {100 * v / total:.0f}%"
                                          for k, v in hottest.most_common(4)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
