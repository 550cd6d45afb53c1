"""`selfpy synth-bench FILE`: how well synthesis writes everyday methods.

A task file (TOML) lists tasks: `setup` code, an `expression` that sends
one missing `selector`, the `examples` declared for it on `holder`, the
`expected` printString of the expression, and an extra `check` (an
expression that must answer true once the method is installed). Each task
runs with `--synthesize auto` in one transaction that is rolled back, so
tasks do not see each other's methods. Prints per task: installed, correct,
candidates tried, winning source, seconds and the installed body; then per
category (`category` of a task) and in total: correct, wrong installs (a
method was installed but the answer or the check says it is not right), not
installed, p50 and p95 seconds, and which sources won; a task whose synthesis
reached the deadline (`pLLM deadline`) says what ran out of time. Last, the
slowest synthesis of all (from the not-understood send to its answer) against
the deadline: one that took longer than the deadline plus a small margin is
named, and the command exits with status 1.
"""

from __future__ import annotations

import argparse
import math
import time
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import SelfpyError

MARGIN = 1.0  # seconds past `pLLM deadline` a synthesis may need to stop and roll back


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("synth-bench", help="measure synthesis on a task file",
                                    description=__doc__)
    command.add_argument("file", metavar="FILE", help="a TOML file of tasks")
    command.add_argument("--only", metavar="NAME",
                         help="run only tasks whose name has NAME, or of category NAME")
    command.add_argument("--sources", metavar="LIST",
                         help="candidate sources to use, comma-separated (default: the "
                              "image's pLLM candidateSources)")


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
        tasks = [t for t in tasks if options.only in t["name"]
                 or options.only == t.get("category")]
    if not tasks:
        print("no tasks")
        return 1
    results: list[Result] = []
    with World(None, synthesize="auto", output=lambda text: None) as world:
        rt = world.runtime
        rt.configure(notify=lambda text: None)
        if options.sources:
            names = ". ".join(f"'{name.strip()}'" for name in options.sources.split(","))
            world.execute(f"pLLM candidateSources: {{{names}}}", "--sources")
        from ..synthesis import model

        deadline = model.settings(rt).deadline
        width = max(len(t["name"]) for t in tasks)
        print(f"{'task':<{width}}  installed  correct  tried  source     seconds  body")
        for task in tasks:
            result = run_task(world, task, Path(options.file).name)
            results.append(result)
            print(f"{task['name']:<{width}}  {'yes' if result.installed else 'no':<9}  "
                  f"{'yes' if result.correct else 'no':<7}  {result.tried:>5}  "
                  f"{result.source:<9}  {result.seconds:7.2f}  {result.body}"
                  + (f"  ({result.ran_out} ran out of time)" if result.ran_out else ""),
                  flush=True)
    print()
    print(report(results))
    verdict, over = against_deadline(tasks, results, deadline)
    print(verdict)
    return 1 if over else 0


def against_deadline(tasks: list[dict], results: list[Result],
                     deadline: float) -> tuple[str, list[str]]:
    """A line on the slowest synthesis against `deadline`, and the tasks over it (plus
    MARGIN)."""
    timed = [(r.longest, t["name"]) for t, r in zip(tasks, results, strict=True)]
    longest, name = max(timed)
    over = [f"{n} ({s:.2f} s)" for s, n in timed if s > deadline + MARGIN]
    line = (f"slowest synthesis: {longest:.2f} s ({name}); deadline {deadline:g} s, "
            f"margin {MARGIN:g} s: ")
    return line + ("OVER THE DEADLINE: " + ", ".join(over) if over else "none over"), over


@dataclass
class Result:
    """How synthesis did on one task."""

    category: str
    installed: bool
    correct: bool
    seconds: float
    source: str
    tried: int
    body: str = ""
    ran_out: str = ""  # what ran out of time, when the deadline was reached
    longest: float = 0.0  # seconds of the task's slowest synthesis

    @property
    def wrong(self) -> bool:
        """A method was installed, and the task's answer or check says it is not right."""
        return self.installed and not self.correct


def run_task(world: object, task: dict, filename: str) -> Result:
    """Run one task with `--synthesize auto` in a transaction that is rolled back."""
    rt = world.runtime  # type: ignore[attr-defined]
    rt.synthesis_log.clear()
    started = time.monotonic()
    try:
        value = world.execute(task_source(task), filename, commit=False)  # type: ignore
        shown, check = value.items
        correct = shown == task["expected"] and check is rt.true
    except SelfpyError:
        correct = False
    seconds = time.monotonic() - started
    log = [e for e in rt.synthesis_log if e["selector"] == task["selector"]]
    installed = next((e for e in log if e["installed"]), None)
    return Result(task.get("category", "other"), installed is not None,
                  correct and installed is not None, seconds,
                  installed["source"] if installed else "-", sum(e["tried"] for e in log),
                  (installed.get("body") or "") if installed else "",
                  next((e.get("ran out") or "something" for e in log if e.get("ran out")
                        or any("ran out of time" in n for n in e["notes"])), ""),
                  max((e["seconds"] for e in rt.synthesis_log), default=0.0))


def report(results: list[Result]) -> str:
    """Per category and in total: correct, wrong installs, not installed, p50 and p95
    seconds, and which sources won."""
    categories: dict[str, list[Result]] = {}
    for result in results:
        categories.setdefault(result.category, []).append(result)
    width = max(len(c) for c in [*categories, "total"])
    lines = [f"{'category':<{width}}  tasks  correct      wrong  not inst.  p50 s  p95 s  "
             "winning sources"]
    for name, group in [*categories.items(), ("total", results)]:
        correct = sum(r.correct for r in group)
        wrong = sum(r.wrong for r in group)
        missing = sum(not r.installed for r in group)
        times = sorted(r.seconds for r in group)
        sources = Counter(r.source for r in group if r.correct)
        won = ", ".join(f"{source} {count}" for source, count in sources.most_common()) or "-"
        share = 100 * correct / len(group)
        lines.append(f"{name:<{width}}  {len(group):>5}  {correct:>3} ({share:3.0f}%)  "
                     f"{wrong:>5}  {missing:>9}  {percentile(times, 50):5.2f}  "
                     f"{percentile(times, 95):5.2f}  {won}")
    return "\n".join(lines)


def percentile(ordered: list[float], percent: int) -> float:
    """The nearest-rank percentile of sorted values."""
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]
