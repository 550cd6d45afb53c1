"""A hostile user at the REPL in a real terminal (pexpect): failing printString, Ctrl-C in a
long loop, failing inputs that must commit nothing, declarations in later inputs, huge
and deep pasted input, errors inside `ensure:` and stack overflows.

Each input is followed by a marker input (`70000 + n`) whose answer shows that the REPL
took the input, printed what it had to and came back to its prompt; what the input
showed is the screen between the two, without the terminal's colour codes.
"""

from __future__ import annotations

import io
import os
import re
import signal
import sys
from pathlib import Path

import pexpect
import pytest

from selfpy.syntax.parser import MAX_NESTING

COUNTER = "lobby addSlots: (| c = (| parent* = traits clonable. n <- 1 |) |)"
_CODES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")


def _ctrl_c_ignored() -> None:
    """In the child: SIGINT ignored, as a shell leaves it for a program started in the
    background (or a test run started so); the REPL at a terminal must still stop on Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Terminal:
    """The `selfpy` REPL on an image, in a pseudo-terminal, typed into as a person does."""

    def __init__(self, image: Path) -> None:
        env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1")  # pexpect answers no cursor queries
        self.child = pexpect.spawn(sys.executable, ["-m", "selfpy", "--image", str(image),
                                                    "--synthesize", "never"],
                                   encoding="utf-8", timeout=60, dimensions=(40, 120), env=env,
                                   preexec_fn=_ctrl_c_ignored)
        self.child.logfile_read = io.StringIO()
        self.markers = 0
        self.child.expect("selfpy>")

    def screen(self, start: int = 0) -> str:
        return _CODES.sub("", self.child.logfile_read.getvalue()[start:])  # type: ignore

    def enter(self, text: str) -> str:
        """Type (or, when long, paste) `text` and Enter; answer what the screen showed
        until the REPL answered the next input."""
        start = len(self.child.logfile_read.getvalue())  # type: ignore[union-attr]
        if len(text) > 200:
            self.paste(text)
        else:
            self.child.send(text)
        self.child.send("\r")
        marker = self.marker()
        shown = self.screen(start)
        return shown[:shown.rfind(marker)]

    def marker(self) -> str:
        """Type the next marker (keys typed early wait in the terminal for the prompt)
        and wait for its answer; answer the marker as typed."""
        self.markers += 1
        typed = f"70000 + {self.markers}"
        self.child.send(typed + "\r")
        self.child.expect(str(70000 + self.markers))
        return typed

    def paste(self, text: str) -> None:
        """A bracketed paste, sent in pieces while the echo is read (a terminal's buffer
        is small: a writer that does not read would wait for ever)."""
        data = "\x1b[200~" + text + "\x1b[201~"
        for i in range(0, len(data), 4096):
            self.child.send(data[i:i + 4096])
            self.drain()

    def drain(self) -> None:
        while True:
            try:
                self.child.read_nonblocking(1 << 20, timeout=0.05)
            except pexpect.TIMEOUT:
                return

    def quit(self) -> None:
        self.child.expect("selfpy>")
        self.child.sendcontrol("d")
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert self.child.exitstatus == 0
        assert "Traceback" not in self.screen()


@pytest.fixture()
def image(tmp_path: Path) -> Path:
    return tmp_path / "repl.image"


@pytest.fixture()
def terminal(image: Path) -> Terminal:
    term = Terminal(image)
    yield term
    if term.child.isalive():
        term.child.terminate(force=True)


def test_a_failing_print_string_shows_the_failure_and_the_prompt_comes_back(
        terminal: Terminal) -> None:
    terminal.enter("lobby addSlots: (| pt = (| parent* = traits clonable. "
                   "printString = ( 1 / 0 ) |) |)")
    assert "a pt (printString failed: division by zero)" in terminal.enter("pt clone")
    assert "a list (printString failed:" in terminal.enter("| l | l := list copy. l add: l. l")
    assert "\n7\n" in terminal.enter("3 + 4")
    terminal.quit()


def test_ctrl_c_in_a_long_loop_returns_to_the_prompt_with_the_image_unchanged(
        terminal: Terminal, image: Path) -> None:
    terminal.enter(COUNTER)
    terminal.child.send("('loop ' , 'started') displayLine. | i | i := 0. "
                        "[ true ] whileTrue: [ c n: i. i := i + 1 ]\r")
    terminal.child.expect("loop started")
    terminal.child.sendintr()
    terminal.child.expect("interrupted")
    assert "\n1\n" in terminal.enter("c n")
    terminal.quit()
    again = Terminal(image)
    assert "\n1\n" in again.enter("c n")
    again.quit()


def test_a_two_statement_input_whose_second_statement_fails_commits_nothing(
        terminal: Terminal, image: Path) -> None:
    terminal.enter(COUNTER)
    shown = terminal.enter("c n: 5. c zork")
    assert "does not understand #zork" in shown
    assert "Traceback" not in shown
    assert "\n1\n" in terminal.enter("c n")
    terminal.quit()
    again = Terminal(image)
    assert "\n1\n" in again.enter("c n")
    again.quit()


def test_a_declaration_in_a_later_input_lives_on(terminal: Terminal) -> None:
    terminal.enter("3 + 4")
    terminal.enter("| a b | a := 3")
    terminal.enter("b := a + 1")
    assert "\n7\n" in terminal.enter("a + b")
    assert "\n3\n" in terminal.enter("| x | x := a. x")
    terminal.quit()


def test_a_pasted_eighty_kilobyte_expression_runs(terminal: Terminal) -> None:
    assert "\n20001\n" in terminal.enter("1" + " + 1" * 20_000)  # the 80 KB
    terminal.quit()


def test_pasted_blocks_nested_to_the_limit_run_and_one_more_is_a_parse_error(
        terminal: Terminal) -> None:
    n = MAX_NESTING
    assert "\n7\n" in terminal.enter("[" * n + "7" + "] value" * n)
    # Enter on input that does not parse runs nothing: the error is shown under it
    terminal.paste("[" * (n + 1) + "7" + "] value" * (n + 1))
    terminal.child.send("\r")
    terminal.child.expect(f"1:{n + 1}: the code nests too deeply")
    terminal.child.sendintr()  # Ctrl-C clears the line
    assert "\n7\n" in terminal.enter("3 + 4")
    terminal.quit()


def test_an_error_inside_ensure_keeps_the_original_error(terminal: Terminal) -> None:
    shown = terminal.enter("[ 1 / 0 ] ensure: [ nil foo ]")
    assert "division by zero" in shown
    assert "the ensure: block failed too while unwinding" in shown
    assert "does not understand #foo" in shown
    assert "\n7\n" in terminal.enter("3 + 4")
    terminal.quit()


def test_a_stack_overflow_shows_a_folded_backtrace(terminal: Terminal) -> None:
    terminal.enter("lobby addSlots: (| down = ( down ) |)")
    shown = terminal.enter("down")
    assert "stack depth exceeded" in shown
    assert re.search(r"\.\.\. [\d,]+ more frames of lobby down \.\.\.", shown)
    assert shown.count("in down") <= 30
    assert "\n7\n" in terminal.enter("3 + 4")
    terminal.quit()
