"""`selfpy synth-bench FILE`: how well synthesis writes everyday methods.

A task file (TOML) lists tasks: `setup` code, an `expression` that sends
one missing `selector`, the `examples` declared for it on `holder`, the
`expected` printString of the expression, and an extra `check` (an
expression that must answer true once the method is installed). Each task
runs with `--synthesize auto` in one transaction that is rolled back, so
tasks do not see each other's methods. Prints per task: installed, correct,
candidates tried, winning source, seconds; then the totals.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tomllib
from pathlib import Path

from ..errors import SelfpyError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("synth-bench", help="measure synthesis on a task file",
                                    description=__doc__)
    command.add_argument("file", metavar="FILE", help="a TOML file of tasks")
    command.add_argument("--only", metavar="NAME", help="run only tasks whose name has NAME")


def task_source(task: dict) -> str:
    """The selfpy code of one task: setup, expectations, then {result. check}."""
    examples = ". ".join("'" + e.replace("'", "''") + "'" for e in task.get("examples", []))
    return (f"{task.get('setup', '')}\n"
            f"{task['holder']} expects: '{task['selector']}' examples: {{{examples}}}.\n"
            f"{{ ({task['expression']}) printString. ({task.get('check', 'true')}) }}")


def run(options: argparse.Namespace, image: object) -> int:
    from ..embed.world import World

    with open(options.file, "rb") as handle:
        tasks = tomllib.load(handle)["task"]
    if options.only:
        tasks = [t for t in tasks if options.only in t["name"]]
    results = []
    with World(None, synthesize="auto", output=lambda text: None) as world:
        rt = world.runtime
        rt.notify = lambda text: None
        width = max(len(t["name"]) for t in tasks)
        print(f"{'task':<{width}}  installed  correct  tried  source     seconds")
        for task in tasks:
            rt.synthesis_log.clear()
            started = time.monotonic()
            try:
                value = world.execute(task_source(task), Path(options.file).name, commit=False)
                shown, check = value.items  # type: ignore[attr-defined]
                correct = shown == task["expected"] and check is rt.true
            except SelfpyError:
                correct = False
            seconds = time.monotonic() - started
            log = [e for e in rt.synthesis_log if e["selector"] == task["selector"]]
            installed = any(e["installed"] for e in log)
            source = next((e["source"] for e in log if e["installed"]), "-")
            tried = sum(e["tried"] for e in log)
            results.append((installed, correct, seconds))
            print(f"{task['name']:<{width}}  {'yes' if installed else 'no':<9}  "
                  f"{'yes' if correct else 'no':<7}  {tried:>5}  {source:<9}  {seconds:7.2f}")
    times = sorted(r[2] for r in results)
    correct = sum(1 for r in results if r[1])
    p90 = times[min(len(times) - 1, round(0.9 * (len(times) - 1)))]
    print(f"tasks {len(results)}, installed {sum(1 for r in results if r[0])}, correct "
          f"{correct} (pass rate {100 * correct / len(results):.0f}%), "
          f"p50 {statistics.median(times):.2f} s, p90 {p90:.2f} s")
    return 0
