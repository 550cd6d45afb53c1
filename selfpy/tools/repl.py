"""The selfpy REPL: prompt_toolkit with highlighting, parser-decided multi-line
input, completion, history, meta-commands and an inspector.

Each input is one transaction; its result's printString is shown and kept
in the variable `it`. When standard input is not a terminal, statements are
read from it without prompts or colours.
"""

from __future__ import annotations

import functools
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.document import Document
from prompt_toolkit.filters import is_searching
from prompt_toolkit.formatted_text import PygmentsTokens
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.shortcuts import print_formatted_text
from prompt_toolkit.validation import ValidationError, Validator
from pygments import lex

from .. import __version__
from ..embed.world import World
from ..errors import ParseError, SelfpyError
from ..objects import history, layout
from ..objects.lookup import find
from ..objects.slot import METHOD
from ..syntax.parser import completeness, parse_program, scan_brackets
from . import browse
from .approval import TerminalAsker
from .completion import SelfpyCompleter
from .inspector import Inspector
from .lexer import SelfpyLexer

COMMANDS = {
    ":help": "this list",
    ":inspect EXPR": "the slots of EXPR's value; a number dives in, '..' goes back, Enter leaves",
    ":source [EXPR] SELECTOR": "the source of SELECTOR as EXPR (default: the lobby) finds it",
    ":senders SELECTOR": "the methods that send SELECTOR",
    ":implementors SELECTOR": "the objects that have a slot SELECTOR",
    ":history [SELECTOR]": "the change history (of slots named SELECTOR)",
    ":revert N": "put back what change N replaced",
    ":image": "facts about the image",
    ":model": "the state of the synthesis backend",
    ":load FILE": "run a .self file, a transaction per statement",
    ":quit": "close the image and leave (Ctrl-D too)",
}


def decide(text: str) -> str:
    """What Enter does with `text`: 'submit', 'newline' (incomplete) or 'error'."""
    if not text.strip() or text.lstrip().startswith(":"):
        return "submit"
    state = completeness(text)
    return {"complete": "submit", "incomplete": "newline"}.get(state, "error")


def indentation(text: str) -> str:
    """Four spaces for every bracket still open at the end of `text`."""
    stack, _ = scan_brackets(text, len(text))
    return "    " * len(stack)


def offset_of(text: str, line: int, column: int) -> int:
    """The offset in `text` of a 1-based line and column."""
    lines = text.split("\n")
    line = max(1, min(line, len(lines)))
    start = sum(len(x) + 1 for x in lines[: line - 1])
    return start + min(max(column - 1, 0), len(lines[line - 1]))


class SelfpyValidator(Validator):
    """Invalid input stays in the buffer, with the message shown and the cursor at the error."""

    def validate(self, document: Document) -> None:
        text = document.text
        if not text.strip() or text.lstrip().startswith(":"):
            return
        try:
            parse_program(text, "<input>")
        except ParseError as error:
            raise ValidationError(cursor_position=offset_of(text, error.line, error.column),
                                  message=f"{error.line}:{error.column}: {error.message}") from None


class Repl:
    """One REPL session on a world."""

    def __init__(self, world: World, *, debug: bool = False, vi: bool = False,
                 input: object = None, output: object = None,
                 write: Callable[[str], None] | None = None,
                 write_error: Callable[[str], None] | None = None) -> None:
        self.world = world
        self.debug = debug
        self.workspace: dict = {"it": None}
        self.write = write or (lambda text: print(text))
        self.write_error = write_error or (lambda text: print(text, file=sys.stderr))
        self.plain = write is not None  # tests and pipes get no colours
        self.inputs = 0
        self.session: PromptSession = PromptSession(
            message="selfpy> ", multiline=True, prompt_continuation=self.continuation,
            lexer=PygmentsLexer(SelfpyLexer), completer=SelfpyCompleter(
                world, self.workspace, [c.split()[0] for c in COMMANDS]),
            complete_while_typing=False, auto_suggest=AutoSuggestFromHistory(),
            history=self.history(), key_bindings=self.bindings(),
            validator=SelfpyValidator(), validate_while_typing=False,
            bottom_toolbar=self.toolbar, vi_mode=vi, input=input, output=output,
            enable_history_search=False)
        if world.synthesize == "ask":
            world.asker = TerminalAsker(write, input=input, output=output)
        self._terminal = {"vi_mode": vi, "input": input, "output": output}

    @functools.cached_property
    def inspect_session(self) -> PromptSession:
        """The inspector's own prompt: plain lines, no selfpy parsing of what is typed
        (made on first use, which keeps it out of the REPL's start-up)."""
        return PromptSession(message="inspect> ", **self._terminal)

    # ---- prompt_toolkit pieces ------------------------------------------------------
    def history(self) -> History:
        """A history file beside the image (none for an image in memory)."""
        path = self.world.path
        if path is None or str(path).startswith("zeo://"):
            return InMemoryHistory()
        return FileHistory(str(Path(f"{path}.history")))

    @staticmethod
    def continuation(width: int, line_number: int, wrap_count: int) -> str:
        return "...".ljust(width)

    def toolbar(self) -> str:
        image = self.world.path or "(in memory)"
        return (f" image: {image} | inputs committed: {self.inputs} | "
                f"model: {self.model_state()} | :help ")

    def model_state(self) -> str:
        from ..synthesis import model

        return f"{model.describe(self.world.runtime)}, synthesis {self.world.synthesize}"

    def bindings(self) -> KeyBindings:
        keys = KeyBindings()

        @keys.add("enter", filter=~is_searching)
        def enter(event: object) -> None:
            buffer = event.current_buffer  # type: ignore[attr-defined]
            state = buffer.complete_state
            if state is not None and state.current_completion is not None:
                buffer.apply_completion(state.current_completion)
                return
            action = decide(buffer.text)
            if action == "newline" and buffer.cursor_position == len(buffer.text):
                buffer.insert_text("\n" + indentation(buffer.text))
            else:
                buffer.validate_and_handle()

        @keys.add("escape", "enter")
        def newline(event: object) -> None:
            buffer = event.current_buffer  # type: ignore[attr-defined]
            buffer.insert_text("\n" + indentation(buffer.document.text_before_cursor))

        return keys

    # ---- the loop ---------------------------------------------------------------
    def banner(self) -> str:
        from .image_command import facts

        info = dict(facts(self.world))
        return (f"selfpy {__version__} — image {info['image']} (format {info['format']}, "
                f"{info['objects']} objects). :help for help, Ctrl-D to leave.")

    def run(self) -> int:
        """Prompt until :quit or Ctrl-D; answers 0 (errors were shown as they happened)."""
        self.write(self.banner())
        while True:
            try:
                text = self.session.prompt()
            except KeyboardInterrupt:
                continue  # Ctrl-C at the prompt clears the line
            except EOFError:
                break
            if self.handle(text) is None:
                break
        return 0

    def handle(self, text: str) -> int | None:
        """Run one input; answers 0, 1 on an error, or None to leave."""
        stripped = text.strip()
        if not stripped:
            return 0
        if stripped.startswith(":"):
            return self.command(stripped)
        return self.evaluate(text)

    def evaluate(self, text: str) -> int:
        try:
            value, shown = self.world.run_input(text, "<stdin>", self.workspace)
        except SelfpyError as error:
            self.report(error)
            return 1
        self.workspace["it"] = value
        self.inputs += 1
        self.show_code(shown)
        return 0

    def report(self, error: SelfpyError) -> None:
        if self.debug:
            import traceback

            self.write_error("".join(traceback.format_exception(error)))
        self.write_error(error.format())

    def show_code(self, text: str) -> None:
        if self.plain:
            self.write(text)
        else:
            print_formatted_text(PygmentsTokens(list(lex(text, SelfpyLexer()))))

    # ---- meta-commands ----------------------------------------------------------
    def command(self, text: str) -> int | None:
        name, _, argument = text.partition(" ")
        argument = argument.strip()
        handler = getattr(self, "command_" + name[1:], None)
        if handler is None:
            self.write_error(f"unknown command {name}; :help lists the commands")
            return 1
        try:
            return handler(argument)
        except SelfpyError as error:
            self.report(error)
            return 1

    def command_help(self, argument: str) -> int:
        width = max(len(c) for c in COMMANDS)
        lines = ["Type selfpy code; Enter runs it when it is complete (Alt-Enter for a new line).",
                 "Each input is a transaction; `it` is the last result.", ""]
        lines += [f"  {c:<{width}}  {what}" for c, what in COMMANDS.items()]
        self.write("\n".join(lines))
        return 0

    def command_quit(self, argument: str) -> None:
        return None

    def command_inspect(self, argument: str) -> int:
        if not argument:
            raise SelfpyError(":inspect needs an expression")
        value = self.world.execute(argument, "<stdin>", workspace=self.workspace)
        inspector = Inspector(self.world.runtime, value)
        while True:
            self.write("\n".join(inspector.lines()))
            try:
                answer = self.inspect_session.prompt().strip()
            except (EOFError, KeyboardInterrupt):
                return 0
            if not answer or answer in ("q", ":q", ":quit"):
                return 0
            if answer == "..":
                if not inspector.back():
                    return 0
            elif answer.isdigit():
                if not inspector.dive(int(answer)):
                    self.write_error(f"no row {answer}")
            else:
                self.write_error("a row number, '..' to go back, or Enter to leave")

    def command_source(self, argument: str) -> int:
        words = argument.split()
        if not words:
            raise SelfpyError(":source needs a selector")
        selector = words[-1]
        expression = argument[: argument.rstrip().rfind(selector)].strip()
        rt = self.world.runtime
        receiver = self.world.execute(expression, "<stdin>", workspace=self.workspace) \
            if expression else rt.lobby
        found = find(rt.as_object(receiver), selector, rt.as_object)
        if found is None:
            raise SelfpyError(f"{rt.describe(receiver)} does not understand #{selector}")
        holder, slot = found
        where = rt.name_of(holder) or rt.describe(holder)
        if slot.kind != METHOD:
            self.write(f"{selector} is a {slot.kind} slot of {where}: "
                       f"{rt.describe(holder.slot_value(slot))}")
            return 0
        method = slot.value
        place = f"{method.filename}:{method.line}" if method.filename else "typed in"
        self.write(f"{selector} in {where} ({place}):")
        self.show_code(method.source)
        return 0

    def command_senders(self, argument: str) -> int:
        found = browse.senders(self.world.runtime, argument)
        self.write("\n".join(found) if found else f"nothing sends {argument}")
        return 0

    def command_implementors(self, argument: str) -> int:
        found = browse.implementors(self.world.runtime, argument)
        self.write("\n".join(found) if found else f"no object has a slot {argument}")
        return 0

    def command_history(self, argument: str) -> int:
        rt = self.world.runtime
        changes = history.changes(rt, None, argument or None)
        self.write("\n".join(history.line(rt, c) for c in changes) if changes else
                   "no changes")
        return 0

    def command_revert(self, argument: str) -> int:
        if not argument.isdigit():
            raise SelfpyError(":revert needs a change number (see :history)")

        def revert(rt: object) -> None:
            change = rt.state["history"].get(int(argument))  # type: ignore[attr-defined]
            if change is None:
                raise SelfpyError(f"there is no change number {argument}")
            layout.revert(rt, change)
        self.world.call(revert)
        self.write(f"reverted change {argument}")
        return 0

    def command_image(self, argument: str) -> int:
        from .image_command import facts

        rows = facts(self.world)
        width = max(len(k) for k, _ in rows)
        self.write("\n".join(f"{k:<{width}}  {v}" for k, v in rows))
        return 0

    def command_model(self, argument: str) -> int:
        self.write(f"model: {self.model_state()}")
        return 0

    def command_load(self, argument: str) -> int:
        if not argument:
            raise SelfpyError(":load needs a file")
        self.world.run_file(argument)
        self.write(f"loaded {argument}")
        return 0


def run(world: World, debug: bool = False, vi: bool = False) -> int:
    """The REPL on a terminal, or statements read from a pipe."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            # started from a shell's background or a launcher that ignores Ctrl-C: at a
            # terminal, Ctrl-C must still stop a long input (docs/repl.md)
            signal.signal(signal.SIGINT, signal.default_int_handler)
        return Repl(world, debug=debug, vi=vi).run()
    return _piped(world, debug)


def _piped(world: World, debug: bool) -> int:
    """Read statements from standard input: no prompts, no colours; status 1 after an error."""
    status = 0
    buffer = ""
    workspace: dict = {"it": None}  # variables live from their declaration to the end
    for line in sys.stdin:
        buffer += line
        if completeness(buffer) == "incomplete":
            continue
        status = _evaluate_plain(world, buffer, debug, workspace) or status
        buffer = ""
    if buffer.strip():
        status = _evaluate_plain(world, buffer, debug, workspace) or status
    return status


def _evaluate_plain(world: World, text: str, debug: bool, workspace: dict) -> int:
    if not text.strip():
        return 0
    try:
        value, shown = world.run_input(text, "<stdin>", workspace)
        workspace["it"] = value
        print(shown)
        return 0
    except SelfpyError as error:
        if debug:
            import traceback

            traceback.print_exception(error)
        print(error.format(), file=sys.stderr)
        return 1
