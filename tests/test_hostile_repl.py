"""The hostile user at the REPL in a real terminal: failing printStrings, deep and
bad input, atomic inputs, declarations that live for the session.

Each step waits for the prompt (never a fixed sleep) and reads what the
terminal shows; the session must go on after every failure.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pexpect
import pytest

PROMPT = "selfpy>"


def spawn(*args: str) -> pexpect.spawn:
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "selfpy", *args], encoding="utf-8",
                          timeout=180, dimensions=(40, 200), env=env)
    child.expect(PROMPT)
    return child


def enter(child: pexpect.spawn, text: str) -> None:
    """Type one input and press Enter (the expected answers never occur in the input)."""
    child.send(text + "\r")


def quit_(child: pexpect.spawn) -> None:
    child.expect(PROMPT)
    child.send(":quit\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")


@pytest.fixture()
def repl() -> pexpect.spawn:
    child = spawn("--memory", "--synthesize", "never")
    yield child
    if child.isalive():
        child.terminate(force=True)


def test_failing_print_string_shows_and_the_session_goes_on(repl: pexpect.spawn) -> None:
    enter(repl, "lobby addSlots: (| pt = (| parent* = traits clonable. "
                "printString = ( 1 / 0 ) |) |). pt clone")
    repl.expect(r"a pt \(printString failed: division by zero\)")
    repl.expect(PROMPT)
    enter(repl, "3 + 4")
    repl.expect("7")
    quit_(repl)


def test_kernel_objects_and_a_self_containing_list_print(repl: pexpect.spawn) -> None:
    enter(repl, "traits string")
    repl.expect(r"traits string \(printString failed: ")
    repl.expect(PROMPT)
    enter(repl, "| l | l := list copy. l add: l. l")
    repl.expect(r"a list \(printString failed: stack depth exceeded")
    repl.expect(PROMPT)
    enter(repl, "traits mirror")
    repl.expect(r"traits mirror \(printString failed: ")
    quit_(repl)


def test_bad_number_literal_and_too_deep_input(repl: pexpect.spawn) -> None:
    enter(repl, "16r1Fz")
    repl.expect("'z' is not a digit in radix 16")
    repl.send("\x15")  # the invalid input stays in the buffer: clear it as a person would
    enter(repl, "(" * 1001 + "1" + ")" * 1001)
    repl.expect("the code nests too deeply")
    repl.send("\x15")
    enter(repl, "6 * 7")
    repl.expect("42")
    quit_(repl)


def test_deep_and_long_input_works(repl: pexpect.spawn) -> None:
    enter(repl, "(" * 300 + " + ".join(["1"] * 500) + ")" * 300)
    repl.expect("500")
    quit_(repl)


def test_a_runaway_string_is_refused(repl: pexpect.spawn) -> None:
    enter(repl, "| s | s := 'a'. 40 timesRepeat: [ s := s , s ]")
    repl.expect("would make a string too large")
    repl.expect(PROMPT)
    enter(repl, "(10 raisedTo: 5000) printString size")
    repl.expect("5001")
    quit_(repl)


def test_declarations_live_for_the_session(repl: pexpect.spawn) -> None:
    enter(repl, "3 + 4. | a b | a := 2 + 3")
    repl.expect("5")
    repl.expect(PROMPT)
    enter(repl, "b := a * 2")
    repl.expect("10")
    repl.expect(PROMPT)
    enter(repl, "[:x | x + a + b] value: 1")
    repl.expect("16")
    quit_(repl)


def test_a_failing_input_commits_nothing(tmp_path: Path) -> None:
    image = tmp_path / "repl.image"
    child = spawn("--image", str(image), "--synthesize", "never")
    enter(child, "lobby addSlots: (| c = (| parent* = traits clonable. n <- 1 |) |)")
    child.expect("lobby")
    child.expect(PROMPT)
    before = hashlib.sha256(image.read_bytes()).hexdigest()
    enter(child, "c n: 5. c zork")
    child.expect("c does not understand #zork")
    child.expect(PROMPT)
    assert hashlib.sha256(image.read_bytes()).hexdigest() == before
    enter(child, "c n")
    child.expect("1")
    quit_(child)


def test_an_error_in_ensure_keeps_the_original(repl: pexpect.spawn) -> None:
    enter(repl, "[1 / 0] ensure: [nil zork]")
    repl.expect("division by zero")
    repl.expect("the ensure: block failed too while unwinding: nil does not understand #zork")
    quit_(repl)
