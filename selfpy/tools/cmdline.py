"""The `selfpy` command: REPL, scripts, `-e`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback

from ..errors import ParseError, SelfpyError
from ..store.database import default_path
from ..synthesis.policy import POLICIES

USAGE_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="selfpy",
        description="A Self-style, prototype-based language whose world lives in an image.")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--image", metavar="PATH",
                       help="the image to open (default: $SELFPY_IMAGE, else "
                            f"{default_path()})")
    where.add_argument("--memory", action="store_true",
                       help="use a throw-away image in memory")
    parser.add_argument("-e", dest="expression", metavar="EXPR",
                        help="evaluate EXPR and print its printString")
    parser.add_argument("--debug", action="store_true",
                        help="show Python tracebacks for selfpy errors")
    parser.add_argument("--vi", action="store_true", help="vi editing keys in the REPL")
    parser.add_argument("--synthesize", choices=POLICIES, default=None,
                        help="what a not-understood message does: never (the error), ask "
                             "(show a synthesized method and ask; the REPL's default) or auto "
                             "(install one that passes the declared examples); scripts and "
                             "-e default to never")
    parser.add_argument("file", nargs="?", help="a .self script to run")
    parser.add_argument("arguments", nargs=argparse.REMAINDER,
                        help="arguments for the script (`system arguments`)")
    return parser


TOOLS = ("image", "model", "synth-bench")


def _tool_position(argv: list[str]) -> int | None:
    """Where a tool name (`image`) stands, if the first plain argument is one."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--image", "-e", "--synthesize"):
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        return i if arg in TOOLS else None
    return None


def _tool_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="selfpy")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--image", metavar="PATH")
    where.add_argument("--memory", action="store_true")
    parser.add_argument("--debug", action="store_true")
    from . import bench, image_command, model_command

    tools = parser.add_subparsers(dest="command", required=True)
    image_command.add_parser(tools)
    model_command.add_parser(tools)
    bench.add_parser(tools)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; answers the exit status (0 ok, 1 selfpy error, 2 usage)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--debug" not in argv:
        # ZODB reports things like a rebuilt index at WARNING; people need only errors
        logging.getLogger("ZODB").setLevel(logging.ERROR)
        logging.getLogger("ZEO").setLevel(logging.ERROR)
    if _tool_position(argv) is not None:
        return _run_tool(argv)
    parser = _parser()
    try:
        options = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if options.expression is not None and options.file:
        parser.print_usage(sys.stderr)
        print("selfpy: give either -e EXPR or a FILE, not both", file=sys.stderr)
        return USAGE_ERROR
    if options.file and not os.path.exists(options.file):
        print(f"selfpy: no such file: {options.file}", file=sys.stderr)
        return USAGE_ERROR
    from ..embed.world import World

    image = None if options.memory else (options.image or default_path())
    repl = options.expression is None and not options.file
    policy = options.synthesize or ("ask" if repl and sys.stdin.isatty() else "never")
    try:
        world = World(image, synthesize=policy)
    except SelfpyError as error:
        return _report(error, options.debug)
    for notice in world.notices:
        print(f"selfpy: {notice}", file=sys.stderr)
    if policy == "ask" and not repl and sys.stdin.isatty():
        from .approval import TerminalAsker

        world.asker = TerminalAsker()  # a script asks at the terminal it runs in
    try:
        if options.expression is not None:
            _, shown = world.run_input(options.expression, "<-e>")
            print(shown)
            return 0
        if options.file:
            world.run_file(options.file, options.arguments)
            return 0
        from .repl import run

        return run(world, debug=options.debug, vi=options.vi)
    except SelfpyError as error:
        return _report(error, options.debug)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 1
    finally:
        world.close()


def _run_tool(argv: list[str]) -> int:
    try:
        options = _tool_parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    from . import bench, image_command, model_command

    image = None if options.memory else (options.image or default_path())
    tool = {"image": image_command.run, "model": model_command.run,
            "synth-bench": bench.run}[options.command]
    try:
        return tool(options, image)
    except SelfpyError as error:
        return _report(error, options.debug)


def _report(error: SelfpyError, debug: bool) -> int:
    if debug:
        traceback.print_exception(error)
    message = error.format()
    if not isinstance(error, ParseError) and error.line is None:
        message = f"{error.position}: {message}" if error.filename else message
    print(message, file=sys.stderr)
    return 1
