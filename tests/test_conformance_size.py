"""The selfpy conformance suite (tests/test_*.self) covers its areas, and no file of it
shrinks: each file's test methods and assertions are recorded in
`conformance_counts.json`, and those figures may only go up."""

from __future__ import annotations

import json
import subprocess
import warnings
from pathlib import Path

import selfpy
from selfpy.tools.testrunner import discover, run

HERE = Path(__file__).resolve().parent
RECORD = HERE / "conformance_counts.json"
AREAS = {"booleans", "blocks", "nonlocal_return", "numbers", "strings", "collections",
         "messages", "resend", "reflection", "redefinition", "errors"}


def counts(path: Path) -> dict[str, int]:
    """How many test methods a file defines and how many assertions they make."""
    methods = assertions = 0
    with selfpy.World() as world:
        world.run_file(path)
        for name, selector in discover(world):
            assertions += run(world, name, selector)
            methods += 1
    return {"methods": methods, "assertions": assertions}


def test_every_file_keeps_at_least_its_recorded_tests_and_assertions() -> None:
    files = sorted(HERE.glob("test_*.self"))
    assert {f.stem.removeprefix("test_") for f in files} >= AREAS
    record = json.loads(RECORD.read_text())
    measured = {f.name: counts(f) for f in files}
    unrecorded = sorted(measured.keys() - record.keys())
    if unrecorded:  # a new file: protected once its counts are recorded
        warnings.warn(f"add {unrecorded} to {RECORD.name} with their counts", stacklevel=1)
    gone = sorted(record.keys() - measured.keys())
    assert not gone, f"{gone} are recorded in {RECORD.name} but missing"
    fewer = {name: (measured[name], floor) for name, floor in record.items()
             if any(measured[name][k] < floor[k] for k in floor)}
    assert not fewer, f"fewer tests or assertions than recorded (now, recorded): {fewer}"


def test_the_recorded_counts_only_go_up() -> None:
    """Against every committed version of the record: no file dropped, no figure lower."""
    record = json.loads(RECORD.read_text())
    relative = RECORD.relative_to(HERE.parent).as_posix()
    log = subprocess.run(["git", "log", "--format=%H", "--", relative], cwd=HERE.parent,
                         capture_output=True, text=True)
    assert log.returncode == 0 or "not a git repository" in log.stderr, log.stderr
    assert log.returncode != 0 or log.stdout.split(), f"commit {RECORD.name}"
    for commit in log.stdout.split():
        shown = subprocess.run(["git", "show", f"{commit}:{relative}"], cwd=HERE.parent,
                               capture_output=True, text=True)
        if shown.returncode != 0:
            continue  # the record was deleted in that commit: compared with its parents
        for name, old in json.loads(shown.stdout).items():
            assert name in record, f"{name} was dropped from {RECORD.name} (commit {commit})"
            for key, value in old.items():
                assert record[name][key] >= value, \
                    f"{name} {key} went down from {value} (commit {commit}) to " \
                    f"{record[name][key]}"
