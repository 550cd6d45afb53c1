"""Collects `tests/test_*.self`: one pytest item per selfpy test method.

The selfpy tests of each file run in a random order (the seed is printed in
the header; `--selfpy-seed N` or `SELFPY_TEST_SEED=N` repeats an order), each
inside a transaction that is rolled back, and after each one the world must
be exactly as the file left it: same objects, slots, kernel methods and
inlining guards. A file that defines no test is a collection error.
"""

from __future__ import annotations

import os
import random

import pytest
from hostile_files import public_dir  # noqa: F401 - a fixture the hostile tests share

import selfpy
from selfpy.tools.testrunner import IncompleteTest, changes, discover, image_state, run

ASSERTIONS = {"count": 0}
SEED_VARIABLE = "SELFPY_TEST_SEED"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--selfpy-seed", type=int, default=None,
                     help=f"the seed of the selfpy test order (default: ${SEED_VARIABLE}, "
                          "else a new random one)")


def pytest_configure(config: pytest.Config) -> None:
    seed = config.getoption("--selfpy-seed")
    if seed is None and os.environ.get(SEED_VARIABLE, "").strip():
        seed = int(os.environ[SEED_VARIABLE])
    if seed is None:
        seed = random.SystemRandom().randrange(10**6)
    config.selfpy_seed = seed  # type: ignore[attr-defined]


def pytest_report_header(config: pytest.Config) -> str:
    seed = config.selfpy_seed  # type: ignore[attr-defined]
    return f"selfpy test order: seed {seed} (repeat with --selfpy-seed {seed})"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Shuffle the selfpy tests of each file where they stand; the order of a file
    depends only on the seed and the file's name, so `-k` or a single file repeats it."""
    seed = config.selfpy_seed  # type: ignore[attr-defined]
    places: dict[SelfFile, list[int]] = {}
    for index, item in enumerate(items):
        if isinstance(item, SelfTest):
            places.setdefault(item.parent, []).append(index)  # type: ignore[arg-type]
    for file, indexes in places.items():
        tests = [items[i] for i in indexes]
        random.Random(f"{seed}:{file.path.name}").shuffle(tests)
        for index, test in zip(indexes, tests, strict=True):
            items[index] = test


def pytest_collect_file(parent: pytest.Collector, file_path):
    if file_path.suffix == ".self" and file_path.name.startswith("test_"):
        return SelfFile.from_parent(parent, path=file_path)
    return None


class SelfFile(pytest.File):
    def collect(self):
        world = selfpy.World()
        self.config.add_cleanup(world.close)
        try:
            world.run_file(self.path)
        except selfpy.SelfpyError as error:
            raise self.CollectError(error.format()) from None
        found = discover(world)
        if not found:
            raise self.CollectError(f"{self.path.name} defines no tests: no object in the "
                                    "lobby has testCase as a parent and a method named test...")
        self.state = image_state(world)
        for name, selector in found:
            yield SelfTest.from_parent(self, name=f"{name}>>{selector}", world=world,
                                       object_name=name, selector=selector)


class SelfTest(pytest.Item):
    def __init__(self, *, world: selfpy.World, object_name: str, selector: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.world = world
        self.object_name = object_name
        self.selector = selector

    def runtest(self) -> None:
        try:
            count = run(self.world, self.object_name, self.selector)
        finally:
            left = changes(self.parent.state, image_state(self.world))  # type: ignore[attr-defined]
        if left:
            raise SelfTestFailure(f"{self.object_name} {self.selector} left the world changed "
                                  f"after its rollback: {'; '.join(left)}")
        ASSERTIONS["count"] += count

    def repr_failure(self, excinfo: pytest.ExceptionInfo) -> str:  # type: ignore[override]
        error = excinfo.value
        if isinstance(error, selfpy.SelfpyError):
            return error.format()
        if isinstance(error, SelfTestFailure | IncompleteTest):
            return str(error)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"{self.object_name} {self.selector}"


class SelfTestFailure(Exception):
    pass


def pytest_terminal_summary(terminalreporter) -> None:
    if ASSERTIONS["count"]:
        terminalreporter.write_line(f"selfpy assertions checked: {ASSERTIONS['count']}")
