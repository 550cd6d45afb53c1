"""The `selfpy` command: REPL, scripts, `-e`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback

from ..errors import ParseError, SelfpyError
from ..store.database import default_path
from ..syntax.source_text import read_source
from ..synthesis.policy import POLICIES

USAGE_ERROR = 2
INTERRUPTED = 130  # 128 + SIGINT, as shells report it


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


def command() -> None:
    """The `selfpy` command (and `python -m selfpy`): `main`, then a quick exit.

    Python's own exit tears down every module and object one by one (ZODB,
    BTrees, the compiled kernel): about a third of a short command's time. The
    image is closed and the output flushed by then, so the process ends at once;
    with --debug, or when the output cannot be flushed, Python exits as usual.
    """
    status = main()
    if "--debug" in sys.argv:
        raise SystemExit(status)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(status) from None  # Python reports it, as without the quick exit
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; answers the exit status (0 ok, 1 selfpy error, 2 usage)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--debug" not in argv:
        # ZODB logs a rebuilt index, a record that does not load (with a Python traceback),
        # a failed commit; selfpy reports each in its own words, so its logs are for --debug
        for name in ("ZODB", "ZEO", "txn"):
            logging.getLogger(name).setLevel(logging.CRITICAL + 1)
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
    if options.file:
        refusal = _unusable_script(options.file)
        if refusal:
            print(f"selfpy: {refusal}", file=sys.stderr)
            return USAGE_ERROR
        try:  # a script that is not selfpy text fails before the image is opened
            read_source(options.file)
        except SelfpyError as error:
            return _report(error, options.debug)
    from ..embed.world import World

    image = None if options.memory else (options.image or default_path())
    repl = options.expression is None and not options.file
    policy = options.synthesize or ("ask" if repl and sys.stdin.isatty() else "never")
    try:
        world = World(image, synthesize=policy)
    except SelfpyError as error:
        return _report(error, options.debug)
    except KeyboardInterrupt:
        print("selfpy: interrupted while opening the image", file=sys.stderr)
        return INTERRUPTED
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


def _unusable_script(name: str) -> str | None:
    """Why the script named on the command line cannot be run at all (bad usage)."""
    if not os.path.lexists(name):
        return f"no such file: {name}"
    if os.path.isdir(name):
        return f"{name} is a directory, not a selfpy script"
    if not os.path.exists(name):
        return f"{name} is a broken link (it points to {os.readlink(name)})"
    if not os.access(name, os.R_OK):
        return f"cannot read {name}: permission denied"
    return None


GLOBAL_OPTIONS = ("--image", "--memory", "--debug")


def _hoist_global_options(argv: list[str]) -> list[str]:
    """`selfpy image pack --image X` means `selfpy --image X image pack`: the options
    that pick the image may stand anywhere on a tool's command line."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        if arg == "--image" and i + 1 < len(argv):
            front.extend(argv[i:i + 2])
            i += 2
            continue
        if arg.startswith("--image=") or arg in ("--memory", "--debug"):
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _run_tool(argv: list[str]) -> int:
    argv = _hoist_global_options(argv)
    images = [a for a in argv if a == "--image" or a.startswith("--image=")]
    if len(images) > 1:
        print("selfpy: give --image once", file=sys.stderr)
        return USAGE_ERROR
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
    except KeyboardInterrupt:
        if options.debug:
            traceback.print_exc()
        if sys.stderr.isatty():
            print(file=sys.stderr)  # below the progress line
        print(f"selfpy: interrupted; {_interrupted_what(options)}", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:  # `selfpy image info | head -1`: the reader has had enough
        _quiet_stdout()
        return 1
    except OSError as error:  # a file a tool reads or writes: say which and why
        if options.debug:
            traceback.print_exc()
        where = f"{error.filename}: " if error.filename else ""
        print(f"selfpy: {where}{(error.strerror or str(error)).lower()}", file=sys.stderr)
        return 1


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so flushing it at exit does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _interrupted_what(options: argparse.Namespace) -> str:
    """What an interrupted tool leaves behind."""
    tool = getattr(options, "tool", None)
    if tool in ("info", "verify", "history", "fileout", "export"):
        return "the image was only read and is unchanged"
    return {"pack": "the pack was stopped and the image is as it was",
            "backup": "the unfinished backup was removed; the earlier backups are as they were",
            "restore": "the image was not replaced",
            "import": "no image was made"}.get(tool or "", "nothing was left half-done")


def _report(error: SelfpyError, debug: bool) -> int:
    if debug:
        traceback.print_exception(error)
    message = error.format()
    if not isinstance(error, ParseError) and error.line is None:
        message = f"{error.position}: {message}" if error.filename else message
    print(message, file=sys.stderr)
    return 1
