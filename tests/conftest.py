"""Collects `tests/test_*.self`: one pytest item per selfpy test method."""

from __future__ import annotations

import pytest

import selfpy
from selfpy.tools.testrunner import discover, run

ASSERTIONS = {"count": 0}


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
        for name, selector in discover(world):
            yield SelfTest.from_parent(self, name=f"{name}>>{selector}", world=world,
                                       object_name=name, selector=selector)


class SelfTest(pytest.Item):
    def __init__(self, *, world: selfpy.World, object_name: str, selector: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.world = world
        self.object_name = object_name
        self.selector = selector

    def runtest(self) -> None:
        count = run(self.world, self.object_name, self.selector)
        if not isinstance(count, int) or count == 0:
            raise SelfTestFailure(f"{self.object_name} {self.selector} made no assertions")
        ASSERTIONS["count"] += count

    def repr_failure(self, excinfo: pytest.ExceptionInfo) -> str:  # type: ignore[override]
        if isinstance(excinfo.value, (selfpy.SelfpyError, SelfTestFailure)):
            error = excinfo.value
            return error.format() if isinstance(error, selfpy.SelfpyError) else str(error)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"{self.object_name} {self.selector}"


class SelfTestFailure(Exception):
    pass


def pytest_terminal_summary(terminalreporter) -> None:
    if ASSERTIONS["count"]:
        terminalreporter.write_line(f"selfpy assertions checked: {ASSERTIONS['count']}")
