"""Image speed: statement overhead with its commit, opening and verifying a large image.

Each figure is compared with a Python twin doing the same work with ZODB
directly, measured in the same run:

- one trivial statement that changes a slot, including its commit, against
  incrementing a counter in a persistent mapping and committing (median);
- opening an image with 100,000 objects and running a first statement,
  against opening the same file with ZODB and loading the image's lobby;
- `verify` of that image (structure, every object loaded and checked),
  against loading every object of the file with ZODB.

    python benchmarks/image_speed.py [--objects 100000] [--statements 300]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import transaction
import ZODB
import ZODB.FileStorage
from persistent.mapping import PersistentMapping

import selfpy
from selfpy.tools.verify import all_oids, verify


def statement_overhead(folder: Path, count: int) -> tuple[float, float]:
    with selfpy.World(folder / "statements.image") as world:
        world.execute("lobby addSlots: (| counter <- 0 |)")
        times = []
        for _ in range(count):
            start = time.perf_counter()
            world.execute("counter: counter + 1")
            times.append(time.perf_counter() - start)
    ours = statistics.median(times)
    db = ZODB.DB(ZODB.FileStorage.FileStorage(str(folder / "twin.fs")))
    manager = transaction.TransactionManager()
    connection = db.open(transaction_manager=manager)
    connection.root()["state"] = PersistentMapping(counter=0)
    manager.commit()
    times = []
    for _ in range(count):
        start = time.perf_counter()
        manager.begin()
        state = connection.root()["state"]
        state["counter"] += 1
        manager.commit()
        times.append(time.perf_counter() - start)
    db.close()
    return ours, statistics.median(times)


def big_image(folder: Path, objects: int) -> Path:
    path = folder / "big.image"
    with selfpy.World(path) as world:
        world.execute(f"""
            | proto items |
            proto := (| parent* = traits clonable. value <- 0 |).
            items := vector copySize: {objects}.
            1 to: {objects} do: [:i | items at: i put: (proto clone value: i)].
            lobby addSlots: (| items = items |)""")
    return path


def open_time(path: Path) -> tuple[float, float]:
    start = time.perf_counter()
    world = selfpy.World(path)
    world.execute("3 + 4")  # open and ready to run code
    ours = time.perf_counter() - start
    world.close()
    start = time.perf_counter()
    db = ZODB.DB(ZODB.FileStorage.FileStorage(str(path), read_only=True))
    connection = db.open()
    connection.root()["selfpy"]["lobby"]._p_activate()
    twin = time.perf_counter() - start
    db.close()
    return ours, twin


def verify_time(path: Path) -> tuple[float, float, int]:
    with selfpy.World(path) as world:
        start = time.perf_counter()
        checked, problems = verify(world)
        ours = time.perf_counter() - start
        assert not problems, problems
    db = ZODB.DB(ZODB.FileStorage.FileStorage(str(path), read_only=True))
    connection = db.open()
    start = time.perf_counter()
    for oid in all_oids(db.storage):
        connection.get(oid)._p_activate()
    twin = time.perf_counter() - start
    db.close()
    return ours, twin, checked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=300)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    rows = []
    ours, twin = statement_overhead(folder, options.statements)
    rows.append(("statement + commit (median)", ours, twin))
    path = big_image(folder, options.objects)
    ours, twin = open_time(path)
    rows.append((f"open image, {options.objects:,} objects", ours, twin))
    ours, twin, checked = verify_time(path)
    rows.append((f"verify ({checked:,} objects)", ours, twin))
    print(f"{'measure':<34} {'selfpy':>10} {'ZODB twin':>10} {'ratio':>7}")
    for name, ours, twin in rows:
        print(f"{name:<34} {ours * 1000:>8.2f}ms {twin * 1000:>8.2f}ms {ours / twin:>7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
