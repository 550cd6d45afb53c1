"""Image speed: statement overhead with its commit, opening and verifying a large image.

Each figure is compared with a Python twin doing the same work with ZODB
directly, measured in the same run:

- one trivial statement that changes a slot, including its commit, against
  incrementing a counter in a persistent mapping and committing (median);
- opening an image with 100,000 objects and running a first statement,
  against opening the same file with ZODB and loading the image's lobby;
- `verify` of that image (structure, every object loaded and checked),
  against loading every object of the file with ZODB.

    python benchmarks/image_speed.py [--objects 100000] [--statements 300] [--quick]

Each measured run is checked too (the counter reached its count, the large
image holds every object with its value, verify found every object and no
problem); a wrong result is printed and the exit status is 1. `--quick`
measures a small image (the test suite runs it to keep this script working).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import transaction
import ZODB
import ZODB.FileStorage
from persistent.mapping import PersistentMapping

import selfpy
from selfpy.tools.verify import all_oids, verify


class WrongResult(Exception):
    """A measured run did not do what it was measured doing."""


def check(condition: bool, what: str) -> None:
    if not condition:
        raise WrongResult(what)


def statement_overhead(folder: Path, count: int) -> tuple[float, float]:
    with selfpy.World(folder / "statements.image") as world:
        world.execute("lobby addSlots: (| counter <- 0 |)")
        times = []
        for _ in range(count):
            start = time.perf_counter()
            world.execute("counter: counter + 1")
            times.append(time.perf_counter() - start)
    with selfpy.World(folder / "statements.image") as world:  # committed, every one
        counter = world.eval("counter")
        check(counter == count, f"the counter is {counter} after {count} statements")
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
    check(connection.root()["state"]["counter"] == count, "the twin's counter is wrong")
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


def check_big_image(path: Path, objects: int) -> None:
    with selfpy.World(path) as world:
        found = world.eval(f"{{items size. (items at: 1) value. (items at: {objects}) value}}")
        check(found.to_python() == [objects, 1, objects],
              f"the large image holds {found.to_python()}, not {objects} objects")


def open_time(path: Path) -> tuple[float, float]:
    start = time.perf_counter()
    world = selfpy.World(path)
    seven = world.execute("3 + 4")  # open and ready to run code
    ours = time.perf_counter() - start
    world.close()
    check(seven == 7, f"3 + 4 answered {seven!r}")
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
        check(not problems, f"verify found problems: {problems}")
    db = ZODB.DB(ZODB.FileStorage.FileStorage(str(path), read_only=True))
    connection = db.open()
    start = time.perf_counter()
    loaded = 0
    for oid in all_oids(db.storage):
        connection.get(oid)._p_activate()
        loaded += 1
    twin = time.perf_counter() - start
    db.close()
    check(checked >= loaded, f"verify checked {checked} of {loaded} objects")
    return ours, twin, checked


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=300)
    parser.add_argument("--quick", action="store_true",
                        help="2,000 objects and 20 statements: checks results, not speed")
    options = parser.parse_args(arguments)
    if options.quick:
        options.objects, options.statements = 2_000, 20
    folder = Path(tempfile.mkdtemp())
    rows = []
    try:
        ours, twin = statement_overhead(folder, options.statements)
        rows.append(("statement + commit (median)", ours, twin))
        path = big_image(folder, options.objects)
        check_big_image(path, options.objects)
        ours, twin = open_time(path)
        rows.append((f"open image, {options.objects:,} objects", ours, twin))
        ours, twin, checked = verify_time(path)
        rows.append((f"verify ({checked:,} objects)", ours, twin))
    except WrongResult as wrong:
        print(f"wrong result: {wrong}", file=sys.stderr)
        return 1
    print(f"{'measure':<34} {'selfpy':>10} {'ZODB twin':>10} {'ratio':>7}")
    for name, ours, twin in rows:
        print(f"{name:<34} {ours * 1000:>8.2f}ms {twin * 1000:>8.2f}ms {ours / twin:>7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
