"""Parser and compiler fuzzing: no input may end in anything but a result or a ParseError.

Generates inputs of four kinds, from a fixed seed so a run can be repeated:
token soups (selfpy's own tokens in random order), mutations of real selfpy
code (the stdlib and the tests), random characters and bytes, and bracket
nests deeper than the nesting limit. Each input is parsed and compiled as a
REPL input would be (`Runtime.compile_doit`); with `--eval F` a fraction F
of the inputs that compile is also run, in an image in memory that is rolled
back, under a step and time budget. Every outcome other than a result, a
`ParseError` (compile errors included) or a selfpy error is a crash; crashes
are grouped into classes by exception type and the place that raised it.
Prints the figures; exits 1 if any crash class was found.

    nice python benchmarks/reliability/fuzz.py [--inputs 1000000] [--seed 1] [--eval 0.01]
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

import selfpy
from selfpy.errors import ParseError, SelfpyError
from selfpy.resources import data_dir
from selfpy.vm.budget import BudgetExceeded, limited

TOKENS = [
    "x", "foo", "self", "nil", "true", "lobby", "traits", "resend.", "super", "at:", "put:",
    "ifTrue:", "ifFalse:", "value", "value:", "printString", "3", "-4", "16rFF", "16r1Fz",
    "40r12", "1.5", "2e3", "1e99999999", "0r1", "36rZZ", "'str'", "'it''s'", "''", "#sym",
    "#at:put:", "#+", "$a", "$'", "(", ")", "[", "]", "{", "}", "(|", "|", "||", ".", ";",
    "^", ":=", "<-", ":", ":a", "=", "*", "-", "+", ",", "<=", "\\\\", "//", "p*", "\"c\"",
    "\"", "'", "#", "$", "_Print:", "_Nope", "\n", " ", "\t", "resend.foo", "x:",
]


def token_soup(rng: random.Random) -> str:
    return " ".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 40)))


def corpus() -> list[str]:
    """Real selfpy code: the stdlib and the selfpy test files, as chunks of a few lines."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(data_dir("stdlib").glob("*.self"))]
    tests = Path(__file__).resolve().parents[2] / "tests"
    texts += [p.read_text(encoding="utf-8") for p in sorted(tests.glob("*.self"))]
    chunks = []
    for text in texts:
        lines = text.splitlines()
        for start in range(0, len(lines), 2):
            chunks.append("\n".join(lines[start:start + 3]))
    return chunks


def mutation(rng: random.Random, chunks: list[str]) -> str:
    text = rng.choice(chunks)
    for _ in range(rng.randint(1, 4)):
        if not text:
            break
        i = rng.randrange(len(text))
        j = min(len(text), i + rng.randint(0, 12))
        kind = rng.randrange(4)
        if kind == 0:
            text = text[:i] + text[j:]
        elif kind == 1:
            text = text[:i] + text[i:j] * rng.randint(2, 5) + text[j:]
        elif kind == 2:
            text = text[:i] + rng.choice(TOKENS) + text[i:]
        else:
            text = text[:i] + chr(rng.randrange(32, 127)) + text[i + 1:]
    return text


def random_text(rng: random.Random) -> str:
    if rng.random() < 0.5:
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 60)))
        return data.decode("utf-8", errors="replace")
    return "".join(chr(rng.choice((rng.randrange(32, 127), rng.randrange(0x10FFFF))))
                   for _ in range(rng.randint(0, 40))).encode("utf-8", "replace").decode()


def deep(rng: random.Random) -> str:
    depth = rng.choice((10, 100, 999, 1001, 1500, 3000))
    kind = rng.choice(("(", "[", "{", "x := ", "(1 + "))
    closer = {"(": ")", "[": "]", "{": "}", "x := ": "", "(1 + ": ")"}[kind]
    body = rng.choice(("3", "", "x foo", "1 + 1 + 1"))
    text = kind * depth + body + closer * rng.choice((depth, depth - 1, depth + 1))
    return text


def inputs(count: int, seed: int) -> Iterator[tuple[str, str]]:
    rng = random.Random(seed)
    chunks = corpus()
    for _ in range(count):
        roll = rng.random()
        if roll < 0.5:
            yield "soup", token_soup(rng)
        elif roll < 0.9:
            yield "mutation", mutation(rng, chunks)
        elif roll < 0.9995:
            yield "random", random_text(rng)
        else:
            yield "deep", deep(rng)


def crash_class(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(error).__name__} at {where}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--eval", type=float, default=0.0, metavar="FRACTION",
                        help="also run this fraction of the inputs that compile")
    options = parser.parse_args()
    # a budget running out while ZODB loads an object is logged by ZODB; it is not a crash
    logging.getLogger("ZODB").setLevel(logging.CRITICAL)
    world = selfpy.World(output=lambda text: None)
    rt = world.runtime
    rng = random.Random(options.seed + 1)
    kinds: dict[str, int] = {}
    outcomes = {"compiled": 0, "parse error": 0, "ran": 0, "selfpy error": 0, "budget": 0}
    crashes: dict[str, tuple[int, str]] = {}
    started = time.monotonic()
    for number, (kind, text) in enumerate(inputs(options.inputs, options.seed), 1):
        kinds[kind] = kinds.get(kind, 0) + 1
        try:
            rt.compile_doit(text, "<fuzz>", {})
            outcomes["compiled"] += 1
            if options.eval and rng.random() < options.eval:
                try:
                    with limited(2_000, 0.5):
                        world.execute(text, "<fuzz>", commit=False)
                    outcomes["ran"] += 1
                except BudgetExceeded:
                    outcomes["budget"] += 1
                except SelfpyError:
                    outcomes["selfpy error"] += 1
        except ParseError:
            outcomes["parse error"] += 1
        except Exception as error:  # noqa: BLE001 - every other outcome is a crash to report
            name = crash_class(error)
            seen, example = crashes.get(name, (0, text))
            crashes[name] = (seen + 1, example)
        if number % 100_000 == 0:
            print(f"  {number:,} inputs, {len(crashes)} crash classes, "
                  f"{time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    elapsed = time.monotonic() - started
    print(f"inputs: {options.inputs:,} (seed {options.seed}; "
          + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())) + ")")
    print("outcomes: " + ", ".join(f"{k} {v:,}" for k, v in outcomes.items()))
    print(f"crash classes found: {len(crashes)}")
    for name, (seen, example) in sorted(crashes.items()):
        print(f"  {name}: {seen} inputs, e.g. {example[:200]!r}")
    print(f"time: {elapsed:.0f} s ({options.inputs / elapsed:,.0f} inputs/s)")
    world.close()
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
