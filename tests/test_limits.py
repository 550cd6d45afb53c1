"""Deep recursion, interrupts and huge allocations give selfpy errors, never a dead process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import pytest
from helpers import SELFPY, ctrl_c_once_running, run

import selfpy
from selfpy.vm import recursion

DEEP = ("(| parent* = traits clonable. "
        "down: n = ( n = 0 ifTrue: [0] ifFalse: [1 + (down: n - 1)] ) |)")


def test_hundred_thousand_nested_sends_are_a_catchable_error() -> None:
    with selfpy.World() as world:
        text = world.eval(f"[{DEEP} down: 100000] on: stackOverflow do: [:e | e messageText]")
        assert text == "stack depth exceeded (too many nested sends)"
        # the process and the world go on
        assert world.eval(f"{DEEP} down: 500") == 500
        assert world.eval("3 + 4") == 7


def test_uncaught_stack_overflow_reports_and_exits_1() -> None:
    result = run("--memory", "-e", f"{DEEP} down: 100000")
    assert result.returncode == 1
    assert "stack depth exceeded" in result.stderr
    assert "Traceback" not in result.stderr


# sends that go through a primitive enter Python again from C, and use the C stack
THROUGH_PRIMITIVES = (
    "(self perform: 'down:' with: n - 1) + 1",
    "[:k | (self down: k) + 1] value: n - 1",
    "({2. 1} sort: [:a :b | (self down: n - 1) > -1]) size",
    "[(self down: n - 1) + 1] ensure: [nil]",
)


def down_through(body: str) -> str:
    return f"(| parent* = traits clonable. down: n = ( n = 0 ifTrue: [0] ifFalse: [ {body} ] ) |)"


def eight_megabyte_stack() -> None:
    """The usual stack limit of a shell, for the child process."""
    import resource
    hard = resource.getrlimit(resource.RLIMIT_STACK)[1]
    resource.setrlimit(resource.RLIMIT_STACK, (8 << 20, hard))


@pytest.mark.parametrize("body", THROUGH_PRIMITIVES)
def test_deep_sends_through_primitives_are_an_error_on_the_usual_stack(body: str) -> None:
    # the usual 8 MB stack overflowed (SIGSEGV) long before Python's recursion limit
    result = subprocess.run([*SELFPY, "--memory", "-e", down_through(body) + " down: 100000"],
                            capture_output=True, text=True, timeout=300,
                            preexec_fn=eight_megabyte_stack)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "stack depth exceeded (too many nested sends)" in result.stderr


def test_deep_sends_on_another_thread_are_an_error_not_a_crash() -> None:
    # a thread's stack cannot grow, so selfpy lowers the recursion limit to what it holds
    down = down_through(THROUGH_PRIMITIVES[0])
    program = "\n".join([
        "import threading, selfpy",
        "def work():",
        "    with selfpy.World() as world:",
        "        try:",
        f"            world.eval({down + ' down: 100000'!r})",
        "        except selfpy.SelfpyError as error:",
        "            print(error.message)",
        f"        print(world.eval({down + ' down: 300'!r}))",
        "thread = threading.Thread(target=work)",
        "thread.start()",
        "thread.join()"])
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            timeout=300, preexec_fn=eight_megabyte_stack)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == ["stack depth exceeded (too many nested sends)", "300"]


def test_interrupt_stops_a_long_loop_with_a_selfpy_error() -> None:
    process = subprocess.Popen([*SELFPY, "--memory", "-e",
                                "'looping' printLine. [true] whileTrue: [nil]"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=dict(os.environ, PYTHONUNBUFFERED="1"))
    assert process.stdout is not None
    assert process.stdout.readline() == "'looping'\n"  # the loop's statement is running
    assert process.poll() is None, "the loop should still be running"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 1
    assert "interrupted" in stderr
    assert "Traceback" not in stderr


def test_interrupted_world_keeps_working() -> None:
    with selfpy.World() as world:
        # Ctrl-C (SIGINT) comes once the loop's statement runs, not after a guessed pause
        with ctrl_c_once_running(world), pytest.raises(selfpy.SelfpyError) as info:
            world.eval("| i | i := 0. _Running. [true] whileTrue: [i := i + 1]")
        assert info.value.message == "interrupted"
        assert world.eval("6 * 7") == 42


def test_huge_allocation_is_refused() -> None:
    with selfpy.World() as world:
        text = world.eval(
            "[vector copySize: (10 raisedTo: 12)] on: error do: [:e | e messageText]")
        assert text == ("copySize: would make a collection too large: 1,000,000,000,000 elements "
                        "(at most 33,554,432)")
        assert world.eval("(vector copySize: 3) size") == 3
    result = run("--memory", "-e", "vector copySize: (10 raisedTo: 12)")
    assert result.returncode == 1
    assert "too large" in result.stderr


def test_unparenthesized_form_is_one_keyword_message() -> None:
    # `vector copySize: 10 raisedTo: 12` sends #copySize:raisedTo: (keywords join into one
    # selector), which vectors do not understand: still an error, never a dead process.
    result = run("--memory", "-e", "vector copySize: 10 raisedTo: 12")
    assert result.returncode == 1
    assert "does not understand #copySize:raisedTo:" in result.stderr


def test_huge_power_is_refused() -> None:
    with selfpy.World() as world:
        with pytest.raises(selfpy.SelfpyError) as info:
            world.eval("10 raisedTo: (10 raisedTo: 10)")
        assert "too large" in info.value.message


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_recursion_limit_is_raised_only_upwards() -> None:
    before = sys.getrecursionlimit()
    with selfpy.World():
        assert sys.getrecursionlimit() >= before


def test_a_thread_that_cannot_have_a_big_stack_gets_the_usual_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # under a strict overcommit policy a thread with a big stack may not start
    real_start = threading.Thread.start

    def start(thread: threading.Thread) -> None:
        if threading.stack_size():
            raise RuntimeError("can't start new thread")
        real_start(thread)
    monkeypatch.setattr(threading.Thread, "start", start)
    ran = threading.Event()
    recursion.start_thread(ran.set, "selfpy test").join(30)
    assert ran.is_set()
    assert threading.stack_size() == 0  # the process's setting is as it was
