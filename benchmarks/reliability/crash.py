"""Crash safety: kill a committing selfpy process with SIGKILL at random moments.

A writer appends numbered entries to `journal`, one statement (one commit)
each, and prints `ack N` once the commit of N has returned. The parent kills
it at a random moment, reopens the image, verifies it, and checks that the
journal holds 1..K with K at least the last acknowledged N. Prints the
figures; exits 1 if any acknowledged commit was lost or the image was damaged.

    python benchmarks/reliability/crash.py [--trials 50] [--image PATH]
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


def trial(image: str, rng: random.Random) -> tuple[int, int, list[str]]:
    """One kill; answers (last acknowledged, journal size after reopening, problems)."""
    process = subprocess.Popen([sys.executable, __file__, "--writer", image],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    time.sleep(rng.uniform(0.0, 0.25))
    os.kill(process.pid, signal.SIGKILL)
    output, _ = process.communicate()
    acks = [int(line.split()[1]) for line in output.splitlines() if line.startswith("ack ")]
    with selfpy.World(image) as world:
        _, problems = verify(world)
        journal = world.eval("journal").to_python()
    if journal != list(range(1, len(journal) + 1)):
        problems.append(f"journal is not 1..{len(journal)}")
    return (max(acks) if acks else 0), len(journal), problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--image", help="image file (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--writer", help=argparse.SUPPRESS)
    options = parser.parse_args()
    logging.getLogger("ZODB").setLevel(logging.ERROR)  # "Ignoring index" after each kill
    if options.writer:
        writer(options.writer)
        return 0
    image = options.image or str(Path(tempfile.mkdtemp()) / "crash.image")
    rng = random.Random(options.seed)
    acknowledged = lost = damaged = 0
    journal = 0
    for _ in range(options.trials):
        last_ack, journal, problems = trial(image, rng)
        acknowledged = max(acknowledged, last_ack)
        lost += max(0, last_ack - journal)
        if problems:
            damaged += 1
            print("damage:", "; ".join(problems), file=sys.stderr)
    print(f"trials {options.trials}, commits {journal}, acknowledged {acknowledged}, "
          f"acknowledged commits lost {lost}, damaged reopenings {damaged}")
    return 0 if lost == 0 and damaged == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
