"""The REPL: parser-decided Enter, errors, completion, meta-commands, Ctrl-C, a real terminal."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
from helpers import ctrl_c_once_running
from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.key_binding.vi_state import InputMode
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.validation import ValidationError

import selfpy
from selfpy.tools.completion import SelfpyCompleter
from selfpy.tools.repl import COMMANDS, Repl, SelfpyValidator, decide, indentation

POINT = ("lobby addSlots: (| point = (| parent* = traits clonable. x <- 3. y <- 4. "
         "norm = ( ((x * x) + (y * y)) sqrt ) |) |)")


@pytest.fixture
def world():
    with selfpy.World() as world:
        world.execute(POINT)
        yield world


def session(world: selfpy.World, keys: str) -> tuple[int, list[str], list[str]]:
    """Type `keys` into a REPL; answer (exit status, output, errors)."""
    out: list[str] = []
    err: list[str] = []
    with create_pipe_input() as pipe:
        repl = Repl(world, input=pipe, output=DummyOutput(), write=out.append,
                    write_error=err.append)
        pipe.send_text(keys)
        status = repl.run()
    return status, out, err


@pytest.mark.parametrize(("text", "action"), [
    ("3 + 4", "submit"), ("", "submit"), (":help", "submit"), ("x := 3.", "submit"),
    ("(| a = 1.", "newline"), ("[:x |", "newline"), ("3 foo:", "newline"),
    ("'open string", "newline"), ('"open comment', "newline"), ("3 +", "newline"),
    ("3 + * 4", "error"), ("(1]", "error"), (")", "error"),
])
def test_enter_is_decided_by_the_parser(text: str, action: str) -> None:
    assert decide(text) == action


def test_continuation_lines_are_indented_by_open_brackets() -> None:
    assert indentation("lobby addSlots: (|") == "    "
    assert indentation("(| m = ( [:x |") == "            "
    assert indentation("(| a = 1 |)") == ""


def test_invalid_input_puts_the_cursor_at_the_error() -> None:
    text = "x := 1.\ny := 2 + * 3"
    with pytest.raises(ValidationError) as info:
        SelfpyValidator().validate(Document(text))
    assert info.value.cursor_position == text.index("*")
    assert info.value.message == "2:10: unexpected '*'; expected an expression"


def completions(world: selfpy.World, text: str, workspace: dict | None = None) -> dict:
    completer = SelfpyCompleter(world, workspace or {}, [c.split()[0] for c in COMMANDS])
    found = completer.get_completions(Document(text), CompleteEvent(completion_requested=True))
    return {c.text: c.display_text for c in found}


def test_completion_of_selectors_by_lookup(world: selfpy.World) -> None:
    assert "factorial" in completions(world, "3 fac")
    assert completions(world, "3 betw") == {"between:": "between:and:"}
    assert {"x", "x:", "y", "norm", "clone"} <= set(completions(world, "point "))
    assert "asUppercase" in completions(world, "'abc' as")
    assert "value:" in completions(world, "[:a | a] val")
    assert "clone" in completions(world, "traits clonable cl")
    assert "even" in completions(world, "point x ev")  # point x is a data slot: 3
    assert "vector" not in completions(world, "3 ")  # the lobby's globals are left out


def test_completion_of_names_and_commands(world: selfpy.World) -> None:
    assert "point" in completions(world, "po")
    assert "mine" in completions(world, "mi", {"mine": 1})
    assert set(completions(world, ":i")) == {":inspect", ":implementors", ":image"}
    assert set(completions(world, ":in")) == {":inspect"}


def test_completion_runs_no_code(world: selfpy.World) -> None:
    world.execute("lobby addSlots: (| calls <- 0. counted = ( calls: calls + 1. point ) |)")
    completions(world, "counted ")
    completions(world, "counted x ")
    assert world.eval("calls") == 0


def test_a_session_evaluates_and_keeps_it(world: selfpy.World) -> None:
    status, out, err = session(world, "3 + 4\rit * 2\rn := 5\rn + it\r\x04")
    assert status == 0 and err == []
    assert out[0].startswith("selfpy 0.1.0 — image (in memory) (format 4,")
    assert out[1:] == ["7", "14", "5", "10"]


def test_multi_line_input_continues_until_complete(world: selfpy.World) -> None:
    keys = "lobby addSlots: (|\rtwice: n = (\rn * 2 )\r|).\rtwice: 21\r\x04"
    _, out, err = session(world, keys)
    assert err == []
    assert out[-2:] == ["lobby", "42"]


def test_errors_are_shown_and_the_session_goes_on(world: selfpy.World) -> None:
    status, out, err = session(world, "3 zork\r1 / 0\r'fine'\r\x04")
    assert status == 0  # leaving the REPL normally; the errors were shown
    assert err[0].startswith("<stdin>:1:3: 3 does not understand #zork")
    assert "selfpy backtrace" in err[0]
    assert err[1].startswith("<stdin>:1:3: division by zero")
    assert len(err) == 2 and not any("Traceback" in e for e in err)
    assert out[1:] == ["'fine'"]


def test_invalid_input_is_not_run(world: selfpy.World) -> None:
    # Enter on invalid input keeps it in the buffer; Ctrl-C clears it
    status, out, err = session(world, "3 + * 4\r\x03'next'\r\x04")
    assert status == 0 and err == []
    assert out[1:] == ["'next'"]  # the invalid input gave no output either


def test_ctrl_c_at_the_prompt_clears_the_line(world: selfpy.World) -> None:
    status, out, err = session(world, "point zork\x03point x\r\x04")
    assert status == 0 and err == []  # the cleared line was never run
    assert out[1:] == ["3"]


def test_ctrl_c_during_evaluation_stops_it(world: selfpy.World) -> None:
    # Ctrl-C comes once the endless loop's statement is running, not after a guessed pause
    with ctrl_c_once_running(world):
        status, out, err = session(world, "_Running. [true] whileTrue: [nil]\r6 * 7\r\x04")
    assert status == 0
    assert len(err) == 1, err  # the interruption, and nothing after it
    assert err[0].startswith("<stdin>") and "interrupted" in err[0]
    assert "Traceback" not in err[0]
    assert out[1:] == ["42"]


def test_meta_commands(world: selfpy.World, tmp_path: Path) -> None:
    script = tmp_path / "more.self"
    script.write_text("lobby addSlots: (| loaded = 'yes' |).")
    keys = "\r".join([
        ":help", ":source 3 factorial", ":source point norm", ":senders sqrt",
        ":implementors norm", "point addSlots: (| norm = ( 0 ) |)", ":history norm",
        ":revert 999999", f":load {script}", "loaded", ":image", ":model", ":nonsense",
        ":quit", "'not reached'"]) + "\r"
    status, out, err = session(world, keys)
    text = "\n".join(out)
    assert all(command.split()[0] in text for command in COMMANDS)
    assert "factorial in traits integer (numbers.self:" in text
    assert "norm in point (typed in):\n( ((x * x) + (y * y)) sqrt )" in text
    assert "point norm" in text  # the sender of sqrt
    assert "replace point norm  (REPL)" in text
    assert "'yes'" in text
    assert "format       4" in text
    assert ("model: llama.cpp SmolLM2-135M-Instruct.Q4_1.gguf (loads on first use), "
            "synthesis never") in text
    assert "'not reached'" not in text
    assert len(err) == 2, err  # only the two bad commands, nothing else went wrong
    assert "there is no change number 999999" in err[0]
    assert "unknown command :nonsense" in err[1]
    assert status == 0


def test_revert_from_the_repl(world: selfpy.World) -> None:
    world.execute("point addSlots: (| norm = ( 0 ) |)")
    number = world.runtime.state["history"].maxKey()
    _, out, err = session(world, f":revert {number}\rpoint norm\r\x04")
    assert err == []
    assert out[-2:] == [f"reverted change {number}", "5.0"]


def test_inspector_dives_and_backs_up(world: selfpy.World) -> None:
    _, out, err = session(world, ":inspect point\r1\r..\r2\r\r\x04")
    assert err == []
    assert out[1].startswith("point")
    assert "1. parent*  parent constant    traits clonable" in out[1]
    assert "2. x        assignable         3" in out[1]
    assert out[2].startswith("traits clonable    (at parent*)")
    assert out[3].startswith("point")
    assert out[4].startswith("3    (at x)")


def test_history_file_beside_the_image(tmp_path: Path) -> None:
    image = tmp_path / "h.image"
    with selfpy.World(image) as world:
        status, out, err = session(world, "3 + 4\r'remembered'\r\x04")
    assert (status, out[1:], err) == (0, ["7", "'remembered'"], [])
    assert "'remembered'" in (tmp_path / "h.image.history").read_text()


def test_pygmentize_knows_selfpy(tmp_path: Path) -> None:
    source = tmp_path / "x.self"
    source.write_text("(| p* = traits clonable. at: i put: v = ( ^ self ) |) 'text' #sym 3\n")
    result = subprocess.run([sys.executable, "-m", "pygments", "-l", "selfpy", "-f", "raw",
                             str(source)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for token in ("Token.Name.Class\t'p'", "Token.Name.Function\t'at:'",
                  "Token.Keyword.Constant\t'self'", "Token.Literal.String\t\"'text'\"",
                  "Token.Literal.String.Symbol\t'#sym'", "Token.Literal.Number\t'3'",
                  "Token.Keyword\t'^'"):
        assert token in result.stdout


def spawn(image: Path) -> pexpect.spawn:
    # pexpect's terminal does not answer cursor position requests; say so, as a user can
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "selfpy", "--image", str(image)],
                          encoding="utf-8", timeout=120, dimensions=(40, 120), env=env)
    child.logfile_read = io.StringIO()  # the whole screen, standard error included
    return child


def screen(child: pexpect.spawn) -> str:
    return child.logfile_read.getvalue()  # type: ignore[union-attr]


def ready(child: pexpect.spawn, prompt: str = "selfpy>") -> None:
    """Wait for a prompt before typing, as a person does (keys typed earlier are kept by
    the terminal and read by the prompt once it runs)."""
    child.expect(prompt)


@pytest.mark.model
@pytest.mark.timeout(900)
def test_the_real_program_in_a_terminal(tmp_path: Path) -> None:
    image = tmp_path / "pty.image"
    child = spawn(image)
    ready(child)
    child.send("lobby addSlots: (|\r")
    ready(child, r"\.\.\.")
    child.send("pet = (| parent* = traits clonable. name <- 'rex'.\r")
    ready(child, r"\.\.\.")
    child.send("speak = ( name , ' barks' ) |)\r")
    ready(child, r"\.\.\.")
    child.send("|).\r")
    child.expect("lobby")
    ready(child)
    child.send("pet speak\r")
    child.expect("rex barks")
    ready(child)
    # a not-understood message: the REPL shows a synthesized method and asks
    child.send("pet getName\r")
    ready(child, "example>")
    child.send("\r")  # no example: the sources that need none still answer
    child.expect("#getName is not understood by")
    child.expect(r"from accessor \(answers slot name\), to install in pet")
    child.expect("passed: parse, recursion, primitives, trial")
    ready(child, "synthesis>")
    child.send("a\r")
    child.expect("'rex'")
    ready(child)
    # rejecting (here after the real model had its turn) gives the ordinary error
    child.send("pet fly\r")
    ready(child, "example>")
    child.send("\r")
    ready(child, "synthesis>")  # the model loads and samples: this takes seconds
    child.send("r\r")
    child.expect("does not understand #fly")
    ready(child)
    child.send(":inspect pet\r")
    child.expect(r"name\s+assignable\s+'rex'")
    ready(child, "inspect>")
    child.send("\r")
    ready(child)
    child.send(":quit\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in screen(child)
    assert screen(child).count("does not understand") == 1  # the rejected #fly, only
    again = spawn(image)
    ready(again)
    again.send("pet speak\r")
    again.expect("rex barks")
    ready(again)
    again.send("pet getName\r")  # the accepted method was kept, with the statement
    again.expect("'rex'")
    ready(again)
    again.sendcontrol("d")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0
    assert "Traceback" not in screen(again)
    assert "does not understand" not in screen(again)


class Keyboard:
    """Types into a REPL as a person does: each group of keys once what it waits for is on
    the screen (a prompt, the history loaded, vi's navigation mode), with a timeout,
    never after a fixed pause."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started: list[str] = []  # the message of every prompt that has started, in order
        original = PromptSession.prompt

        def prompt(session: PromptSession, *args: object, **kwargs: object) -> object:
            message = str(args[0] if args else kwargs.get("message") or session.message)
            kwargs["pre_run"] = lambda: self.started.append(message)
            return original(session, *args, **kwargs)
        monkeypatch.setattr(PromptSession, "prompt", prompt)

    def prompts(self, message: str, count: int) -> Callable[[], bool]:
        """The `count`-th prompt showing `message` is waiting for keys."""
        return lambda: self.started.count(message) >= count

    def run(self, repl: Repl, pipe: object, steps: list[tuple[Callable[[], bool], str]]) -> None:
        def typist() -> None:
            for ready, keys in steps:
                wait_until(ready)
                pipe.send_text(keys)  # type: ignore[attr-defined]

        thread = threading.Thread(target=typist)
        thread.start()
        repl.run()
        thread.join()


def wait_until(ready: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert time.monotonic() < deadline, "the REPL did not get there in time"
        time.sleep(0.01)


def history_loaded(repl: Repl) -> Callable[[], bool]:
    """prompt_toolkit loads the history into a new prompt's buffer in the background;
    Ctrl-R searches only what has been loaded."""
    def ready() -> bool:
        task = repl.session.default_buffer._load_history_task
        return task is not None and task.done()
    return ready


@pytest.fixture
def keyboard(monkeypatch: pytest.MonkeyPatch) -> Keyboard:
    return Keyboard(monkeypatch)


def typed(world: selfpy.World, keyboard: Keyboard, steps: Callable[[Repl], list],
          **options: object) -> tuple[list[str], list[str]]:
    """Run a REPL on a pipe with `steps(repl)` typed into it; answer (output, errors)."""
    out: list[str] = []
    err: list[str] = []
    with create_pipe_input() as pipe:
        repl = Repl(world, input=pipe, output=DummyOutput(), write=out.append,
                    write_error=err.append, **options)
        keyboard.run(repl, pipe, steps(repl))
    return out, err


def test_ctrl_r_searches_the_history(world: selfpy.World, keyboard: Keyboard) -> None:
    # Ctrl-R, a pattern, Enter takes the match into the buffer, Enter runs it
    prompt = "selfpy> "
    out, err = typed(world, keyboard, lambda repl: [
        (keyboard.prompts(prompt, 1), "'remembered' size\r"),
        (keyboard.prompts(prompt, 2), "1 + 1\r"),
        (lambda: keyboard.prompts(prompt, 3)() and history_loaded(repl)(), "\x12remem"),
        (lambda: repl.session.app.layout.search_target_buffer_control is not None, "\r"),
        (lambda: "remem" in repl.session.default_buffer.text, "\r"),
        (keyboard.prompts(prompt, 4), "\x04")])
    assert err == []
    assert out[1:] == ["10", "2", "10"]


def test_vi_mode(world: selfpy.World, keyboard: Keyboard) -> None:
    # type, leave insert mode (a lone Escape), go to the start, delete a word,
    # back to insert mode, run, leave
    prompt = "selfpy> "
    out, err = typed(world, keyboard, lambda repl: [
        (keyboard.prompts(prompt, 1), "junk 6 * 7"),
        (lambda: repl.session.default_buffer.text == "junk 6 * 7", "\x1b"),
        (lambda: repl.session.app.vi_state.input_mode == InputMode.NAVIGATION, "0dw"),
        (lambda: repl.session.default_buffer.text == "6 * 7", "i\r"),
        (keyboard.prompts(prompt, 2), "\x04")], vi=True)
    assert err == []
    assert out[-1] == "42"


def test_the_repl_asks_about_a_synthesized_method(keyboard: Keyboard) -> None:
    prompt, asking = "selfpy> ", "synthesis> "
    with selfpy.World(synthesize="ask") as world:
        out, err = typed(world, keyboard, lambda repl: [
            (keyboard.prompts(prompt, 1), "'abc' length\r"),
            (keyboard.prompts("example> ", 1), "\r"),  # Enter skips the question
            (keyboard.prompts(asking, 1), "x\r"),
            (keyboard.prompts("example (an expression answering true)> ", 1),
             "'ab' length = 2\r"),
            (keyboard.prompts(asking, 2), "a\r"),
            (keyboard.prompts(prompt, 2), "'abcd' length\r"),
            (keyboard.prompts(prompt, 3), "\x04")])
        assert err == []
        text = "\n".join(out)
        assert "#length has no examples. Give one, an expression answering true such as " \
               "`'abc' length = ...`, or press Enter to skip." in text
        assert "#length is not understood by 'abc'" in text
        assert "from accessor (sends #size, which means the same), to install in " \
               "traits string:" in text
        assert "    length = ( self size )" in text
        assert "passed: parse, recursion, primitives, trial (answered 3)" in text
        assert "examples ('ab' length = 2)" in text  # the example was added and checked
        assert out[-2:] == ["3", "4"]  # the send went on, and the method stayed
        provenance = world.eval("(reflect: traits string) provenanceOf: 'length'").to_python()
        assert provenance["approved by"] == "user"


def test_a_script_asks_at_its_terminal(tmp_path: Path) -> None:
    script = tmp_path / "ask.self"
    script.write_text("'abc' length printLine.\n")
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "selfpy", "--memory", "--synthesize", "ask",
                                           str(script)], encoding="utf-8", timeout=60,
                          dimensions=(40, 120), env=env)
    child.logfile_read = io.StringIO()
    ready(child, "example>")
    child.send("\r")  # no example: go on
    child.expect("#length is not understood by 'abc'")
    ready(child, "synthesis>")
    child.send("a\r")
    child.expect("3")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in screen(child) and "does not understand" not in screen(child)


def test_ctrl_c_during_model_sampling_returns_to_the_prompt() -> None:
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "selfpy", "--memory", "--synthesize", "ask"],
                          encoding="utf-8", timeout=300, dimensions=(40, 120), env=env)
    ready(child)
    child.send("pLLM samples: 1; maxTokens: 2; deadline: 600\r")  # a short first request
    ready(child)                                                   # loads the weights
    child.send("3 zork\r")
    ready(child, "example>")
    child.send("\r")  # no example: the model is asked all the same
    ready(child, "synthesis>")
    child.send("r\r")
    child.expect("does not understand #zork")
    ready(child)
    child.send("pLLM samples: 500; maxTokens: 300\r")
    ready(child)
    child.send("3 quux: 4\r")  # a new prompt: Ctrl-C comes while it is evaluated, or after
    ready(child, "example>")
    child.send("\r")
    child.expect("asking the model for #quux:")
    started = time.monotonic()
    child.sendintr()
    child.expect("interrupted")
    ready(child)
    assert time.monotonic() - started < 20
    child.send("(3 respondsTo: 'quux:') printString , ' ' , pLLM samples printString\r")
    child.expect("'false 500'")  # nothing was installed, the session goes on
    ready(child)
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()


def test_one_input_is_parsed_once(world: selfpy.World, monkeypatch) -> None:
    from selfpy.syntax import parser

    parses: list[str] = []
    real = parser._parse

    def counting(text: str, start: str, *args: object) -> object:
        if start == "program":  # methods compiled on first use parse their own bodies
            parses.append(text)
        return real(text, start, *args)

    monkeypatch.setattr(parser, "_parse", counting)
    monkeypatch.setattr(parser.tree_cache, "enabled", False)  # trees kept by other processes
    parser._program.cache_clear()  # other tests may have typed the same text
    status, out, err = session(world, "| sum | sum := 0.\x1b\r{1. 2. 3} size + 40\r\x04")
    assert (status, err) == (0, [])
    assert out[-1] == "43"
    # Enter's decisions, the validator and the run share one parse of the whole input
    assert parses == ["| sum | sum := 0.\n{1. 2. 3} size + 40"]
    with pytest.raises(ValidationError) as invalid:
        SelfpyValidator().validate(Document("3 + * 4"))
    assert decide("3 + * 4") == "error"
    assert "1:5" in invalid.value.message
    assert parses[1:] == ["3 + * 4"]


def ask_repl() -> pexpect.spawn:
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1")
    return pexpect.spawn(sys.executable, ["-m", "selfpy", "--memory", "--synthesize", "ask"],
                         encoding="utf-8", timeout=120, dimensions=(40, 160), env=env)


def test_with_no_examples_the_repl_asks_for_one_and_the_finder_uses_it() -> None:
    child = ask_repl()
    ready(child)
    child.send("lobby addSlots: (| pt = (| parent* = traits clonable. x <- 3. y <- 4 |) |)\r")
    ready(child)
    child.send("pt sum\r")
    child.expect("#sum has no examples. Give one, an expression answering true such as "
                 r"`pt sum = \.\.\.`")
    ready(child, "example>")
    child.send("pt sum = 7\r")
    child.expect(r"from finder \(found by example")
    ready(child, "synthesis>")
    child.send("a\r")
    child.expect("7")
    ready(child)
    child.send("(pt clone x: 10) sum\r")
    child.expect("14")
    ready(child)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)


def test_the_repl_shows_the_search_and_ctrl_c_stops_it() -> None:
    child = ask_repl()
    ready(child)
    # nothing in the image answers this: the search goes on until its time limit
    child.send("traits integer expects: 'odd2' examples: {'3 odd2 = ''no such thing'''}\r")
    ready(child)
    child.send("3 odd2\r")
    child.expect(r"searching: \d+ programs tried, \d+\.\d s \(Ctrl-C stops\)")
    child.sendcontrol("c")
    child.expect("interrupted")
    ready(child)
    child.send("6 * 7\r")
    child.expect("42")  # (a digit of the search line could match a shorter answer)
    ready(child)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
