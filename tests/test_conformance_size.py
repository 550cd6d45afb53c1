"""The selfpy conformance suite (tests/test_*.self) covers its areas with 300+ assertions."""

from __future__ import annotations

from pathlib import Path

import selfpy
from selfpy.tools.testrunner import discover, run

HERE = Path(__file__).resolve().parent
AREAS = {"booleans", "blocks", "nonlocal_return", "numbers", "strings", "collections",
         "messages", "resend", "reflection", "redefinition", "errors"}


def test_suite_has_every_area_and_300_assertions() -> None:
    files = sorted(HERE.glob("test_*.self"))
    assert {f.stem.removeprefix("test_") for f in files} >= AREAS
    total = 0
    methods = 0
    for path in files:
        with selfpy.World() as world:
            world.run_file(path)
            for name, selector in discover(world):
                total += run(world, name, selector)
                methods += 1
    assert methods >= 150
    assert total >= 300
