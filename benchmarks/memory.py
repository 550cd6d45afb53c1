"""Memory per object: a selfpy clone with two assignable slots against a
Python object with `__slots__` holding two values, in the same run.

For each side, in fresh child processes: bytes per object (allocations
traced while making N objects, divided by N) and, in another process
without tracing, the resident set size before and after making N objects.

    python benchmarks/memory.py [--count 1000000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CHILD = r"""
import gc, json, resource, sys, tracemalloc
count = int(sys.argv[2])

def rss():
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

if sys.argv[1] == 'python':
    class Point:
        __slots__ = ('x', 'y')
        def __init__(self, x, y):
            self.x = x
            self.y = y
    make = lambda i: Point(i, i)
    keep = []
else:
    import selfpy
    world = selfpy.World()
    rt = world.runtime
    world.execute("lobby addSlots: (| point = (| parent* = traits clonable. x <- 0. y <- 0 |) |)")
    proto = rt.lobby._map.slots['point'].value
    clone, set_x, set_y = (rt.resolve(proto, s)[0] for s in ('clone', 'x:', 'y:'))
    def make(i):
        p = clone(proto)
        set_x(p, i)
        set_y(p, i)
        return p
    keep = []
gc.collect()
before = rss()
if sys.argv[3] == 'bytes':
    tracemalloc.start()
start = tracemalloc.get_traced_memory()[0] if sys.argv[3] == 'bytes' else 0
for i in range(1000, 1000 + count):
    keep.append(make(i))
if sys.argv[3] == 'bytes':
    traced = tracemalloc.get_traced_memory()[0] - start
    print(json.dumps({'bytes': (traced - sys.getsizeof(keep)) / count}))
else:
    print(json.dumps({'rss_before': before, 'rss_after': rss()}))
"""


def measure(side: str, count: int) -> dict:
    result: dict = {}
    for what, n in (("bytes", min(count, 100_000)), ("rss", count)):
        done = subprocess.run([sys.executable, "-c", CHILD, side, str(n), what],
                              capture_output=True, text=True, check=True)
        result.update(json.loads(done.stdout.strip().splitlines()[-1]))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000)
    options = parser.parse_args()
    results = {side: measure(side, options.count) for side in ("selfpy", "python")}
    print(f"{'side':<8} {'bytes/object':>13} {'RSS before MB':>14} {'RSS after MB':>13}")
    for side, r in results.items():
        print(f"{side:<8} {r['bytes']:>13.0f} {r['rss_before'] / 2**20:>14.1f} "
              f"{r['rss_after'] / 2**20:>13.1f}")
    ratio = results["selfpy"]["bytes"] / results["python"]["bytes"]
    growth = [r["rss_after"] - r["rss_before"] for r in results.values()]
    print(f"selfpy/python bytes per object: {ratio:.1f}; RSS growth for {options.count} "
          f"objects: {growth[0] / 2**20:.1f} MB against {growth[1] / 2**20:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
