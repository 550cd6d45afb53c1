"""Asking the user about a synthesized method, at a terminal.

Shows the selector, the receiver, the winning candidate (highlighted), where
it came from, where it will be installed and the checks it passed, then
reads one letter: accept, edit (the edited method is checked again), next
candidate, add an example, install a stub, pick the place, reject.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from prompt_toolkit import PromptSession
from prompt_toolkit.formatted_text import PygmentsTokens
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.shortcuts import print_formatted_text
from pygments import lex
from pygments.token import Token

from .lexer import SelfpyLexer

if TYPE_CHECKING:  # the pipeline loads with the first synthesis, not with the REPL
    from ..synthesis.pipeline import Proposal

KEYS = {"a": "accept", "e": "edit", "n": "next", "x": "example", "s": "stub", "p": "place",
        "r": "reject"}
MENU = "[a]ccept [e]dit [n]ext e[x]ample [s]tub [p]lace [r]eject"


class TerminalAsker:
    """Asks through a prompt_toolkit session (the REPL's input and output, or the terminal)."""

    def __init__(self, write: Callable[[str], None] | None = None, *, input: object = None,
                 output: object = None, plain: bool = False) -> None:
        self.write = write or print
        self.shown_search = False
        self.plain = plain or write is not None
        self._terminal = {"input": input, "output": output}

    # made on first use: most REPL sessions never synthesize, and each prompt session
    # costs a noticeable part of the REPL's start-up
    @functools.cached_property
    def session(self) -> PromptSession:
        return PromptSession(**self._terminal)

    @functools.cached_property
    def code_session(self) -> PromptSession:
        return PromptSession(**self._terminal, lexer=PygmentsLexer(SelfpyLexer), multiline=False)

    def example_for(self, selector: str, sample: str) -> str | None:
        """Ask for one example before searching (Enter skips), as MethodFinder does."""
        self.write(f"#{selector} has no examples. Give one, an expression answering true "
                   f"such as `{sample}...`, or press Enter to skip.")
        try:
            return self.code_session.prompt("example> ")
        except (EOFError, KeyboardInterrupt):
            return None

    def searching(self, tried: int, seconds: float, finished: bool = False) -> None:
        """A line that says the finder is searching (shown on a terminal only)."""
        stream = sys.stderr
        if not stream.isatty():
            return
        if finished:
            if self.shown_search:
                stream.write("\r\x1b[K")
                stream.flush()
            self.shown_search = False
            return
        self.shown_search = True
        spinner = "|/-\\"[int(seconds * 8) % 4]
        stream.write(f"\r\x1b[K{spinner} searching: {tried} programs tried, {seconds:.1f} s "
                     "(Ctrl-C stops)")
        stream.flush()

    def __call__(self, proposal: Proposal) -> tuple[str, object]:
        self.show(proposal)
        while True:
            try:
                answer = self.session.prompt("synthesis> ").strip().lower()
            except (EOFError, KeyboardInterrupt):
                return "reject", None
            action = KEYS.get(answer[:1])
            if action is None:
                self.write(MENU)
                continue
            if action == "accept" and proposal.candidate is None:
                self.write("no candidate passed; edit, add an example, stub or reject")
                continue
            return action, self._value(action, proposal)

    def _value(self, action: str, proposal: Proposal) -> object:
        try:
            if action == "edit":
                current = proposal.candidate or (proposal.tried[-1] if proposal.tried else None)
                return self.code_session.prompt(
                    "method body> ", default=current.body if current else "( )")
            if action == "example":
                return self.code_session.prompt("example (an expression answering true)> ")
            if action == "place":
                for number, name in enumerate(proposal.holder_names, 1):
                    self.write(f"  [{number}] {name}")
                chosen = self.session.prompt("place number> ").strip()
                return int(chosen) - 1 if chosen.isdigit() else proposal.holder
        except (EOFError, KeyboardInterrupt):
            return None
        return None

    def show(self, proposal: Proposal) -> None:
        request = proposal.request
        self.write(f"#{request.selector} is not understood by {proposal.receiver}")
        place = proposal.holder_names[proposal.holder]
        candidate = proposal.candidate
        if candidate is None:
            self.write(f"no candidate passed the checks (tried {len(proposal.tried)})")
            for tried in proposal.tried[-3:]:
                failure = tried.failure
                why = f"{failure.stage}: {failure.note}" if failure else "not checked"
                self.write(f"  {tried.origin} {tried.body}  -- {why}")
        else:
            number = proposal.tried.index(candidate) + 1 if candidate in proposal.tried else 0
            self.write(f"candidate {number} of {len(proposal.tried)} tried, from {candidate.origin}"
                       f" ({candidate.why}), to install in {place}:")
            self.code(candidate.definition())
            passed = ", ".join(c.stage + (f" ({c.note})" if c.note else "")
                               for c in candidate.checks)
            self.write(f"passed: {passed}")
            rival = candidate.rival
            if rival is not None and not rival.body:
                self.write("the search ran out of time before it could rule out other "
                           "methods as small as this one")
            elif rival is not None:
                self.write(f"but the examples fit another method as well: {rival.body}")
                self.write(f"  {rival.input} answers {rival.ours} with this one, "
                           f"{rival.theirs} with the other;")
                if rival.decided:
                    self.write(f"  {rival.decided}, so this one comes first;")
                self.write("  [n]ext shows the other, e[x]ample adds the right answer "
                           f"(e.g. {rival.input} = {rival.ours})")
        for note in proposal.notes:
            self.write(note)
        self.write(MENU)

    def code(self, text: str) -> None:
        if self.plain:
            self.write("    " + text)
        else:
            print_formatted_text(PygmentsTokens([(Token.Text, "    ")]
                                                + list(lex(text, SelfpyLexer()))), end="")
