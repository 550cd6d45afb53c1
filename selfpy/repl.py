"""A plain line REPL: one transaction per input, the parser decides when an input is complete.

When standard input is not a terminal it reads statements without prompts,
so `echo '3 + 4' | selfpy --memory` prints 7.
"""

from __future__ import annotations

import sys

from .errors import SelfpyError
from .parser import completeness
from .world import World


def run(world: World, debug: bool = False) -> int:
    """Read-eval-print until end of input; answers the exit status."""
    interactive = sys.stdin.isatty()
    if interactive:
        print(f"selfpy — image {world.path or '(in memory)'}. End input with Ctrl-D.")
    status = 0
    buffer = ""
    while True:
        prompt = ("... " if buffer else "selfpy> ") if interactive else ""
        try:
            line = input(prompt) if interactive else sys.stdin.readline()
        except EOFError:
            line = None
        except KeyboardInterrupt:
            print()
            buffer = ""
            continue
        if line is None or (not interactive and line == ""):
            if buffer.strip():
                status = _evaluate(world, buffer, debug) or status
            break
        buffer += line if not interactive else line + "\n"
        state = completeness(buffer)
        if state == "incomplete":
            continue
        status = _evaluate(world, buffer, debug) or status
        buffer = ""
    return status


def _evaluate(world: World, text: str, debug: bool) -> int:
    try:
        value = world.execute(text, "<stdin>")
        print(world.print_string(value))
        return 0
    except SelfpyError as error:
        if debug:
            import traceback

            traceback.print_exception(error)
        print(error.format(), file=sys.stderr)
        return 1
