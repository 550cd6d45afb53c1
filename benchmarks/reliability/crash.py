"""Crash safety: kill a committing selfpy process with SIGKILL at random moments.

A writer appends numbered entries to `journal`, one statement (one commit)
each, and prints `ack N` once the commit of N has returned. In each trial
the parent waits until the writer has acknowledged a random number of
commits (1 to 30), lets it run a random fraction of one more commit, kills
it with SIGKILL, reopens the image (as a user would, through `selfpy.World`),
verifies it, and checks that the journal holds exactly 1..K with K at least
the last acknowledged N.

Prints the figures; exits 1 if any acknowledged statement was lost, any
reopening found damage, or a trial had no acknowledged commit before its
kill (a trial that proves nothing). At least 100 trials:

    nice -n 10 python benchmarks/reliability/crash.py --trials 100 --seed 1
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import selfpy
from selfpy.tools.verify import verify

MINIMUM_TRIALS = 100
MOST_ACKS_BEFORE_KILL = 30
COMMIT_WINDOW = 0.03  # seconds: about one commit; the kill lands somewhere inside it


def writer(image: str) -> None:
    world = selfpy.World(image)
    world.eval("(lobby includesSlot: 'journal') ifFalse: "
               "[lobby addSlots: (| journal = list copy |)]")
    n = world.eval("journal size")
    print("ready", flush=True)
    while True:
        n += 1
        world.eval(f"journal add: {n}")
        print(f"ack {n}", flush=True)


class Trial:
    """What one kill showed."""

    def __init__(self) -> None:
        self.acknowledged = 0  # commits acknowledged in this trial
        self.last_ack = 0  # the highest N acknowledged so far (over all trials)
        self.journal = 0  # the journal's size after reopening
        self.problems: list[str] = []
        self.notices: list[str] = []


def trial(image: str, rng: random.Random, last_ack: int) -> Trial:
    """One kill after a random number of acknowledged commits."""
    result = Trial()
    process = subprocess.Popen([sys.executable, __file__, "--writer", image],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    first = process.stdout.readline().strip()
    if first != "ready":
        process.kill()
        process.wait()
        result.problems.append(f"the writer did not start (it said {first!r})")
        return result
    wanted = rng.randint(1, MOST_ACKS_BEFORE_KILL)
    for line in process.stdout:  # readiness: acknowledged commits, not a sleep
        if line.startswith("ack "):
            result.acknowledged += 1
            last_ack = max(last_ack, int(line.split()[1]))
            if result.acknowledged == wanted:
                break
    time.sleep(rng.uniform(0.0, COMMIT_WINDOW))  # a random moment of the next commit
    os.kill(process.pid, signal.SIGKILL)
    rest, _ = process.communicate()
    for line in rest.splitlines():  # acknowledged between the last read and the kill
        if line.startswith("ack "):
            result.acknowledged += 1
            last_ack = max(last_ack, int(line.split()[1]))
    result.last_ack = last_ack
    if result.acknowledged == 0:
        result.problems.append("no commit was acknowledged before the kill")
    try:
        with selfpy.World(image) as world:
            result.notices = list(world.notices)
            _, problems = verify(world)
            result.problems.extend(problems)
            journal = world.eval("journal").to_python()
    except selfpy.SelfpyError as error:
        result.problems.append(f"reopening failed: {error}")
        return result
    result.journal = len(journal)
    if journal != list(range(1, len(journal) + 1)):
        result.problems.append(f"journal is not 1..{len(journal)}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=MINIMUM_TRIALS,
                        help=f"kills (default and minimum {MINIMUM_TRIALS})")
    parser.add_argument("--image", help="image file (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--writer", help=argparse.SUPPRESS)
    options = parser.parse_args()
    logging.getLogger("ZODB").setLevel(logging.CRITICAL + 1)  # we report what matters
    if options.writer:
        writer(options.writer)
        return 0
    if options.trials < MINIMUM_TRIALS:
        parser.error(f"--trials must be at least {MINIMUM_TRIALS}")
    image = options.image or str(Path(tempfile.mkdtemp()) / "crash.image")
    rng = random.Random(options.seed)
    acknowledged = lost = damaged = set_aside = 0
    last_ack = journal = 0
    started = time.perf_counter()
    for number in range(1, options.trials + 1):
        result = trial(image, rng, last_ack)
        acknowledged += result.acknowledged
        last_ack = result.last_ack
        if result.problems:
            damaged += 1
            print(f"trial {number}: " + "; ".join(result.problems), file=sys.stderr)
        else:
            journal = result.journal
            lost += max(0, last_ack - result.journal)
        set_aside += sum("never finished" in notice for notice in result.notices)
    seconds = time.perf_counter() - started
    print(f"trials {options.trials}, acknowledged statements {acknowledged} "
          f"(each trial killed after 1 to {MOST_ACKS_BEFORE_KILL}), commits in the image "
          f"{journal}, unfinished commits set aside {set_aside}, "
          f"acknowledged statements lost {lost}, damaged reopenings {damaged} "
          f"({seconds:.0f} s)")
    return 0 if lost == 0 and damaged == 0 and acknowledged >= options.trials else 1


if __name__ == "__main__":
    raise SystemExit(main())
