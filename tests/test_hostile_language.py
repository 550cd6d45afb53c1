"""A hostile user against the language and runtime: failing callbacks, host errors,
deep input, runaway growth, atomic inputs and declarations anywhere.

Every case asserts what the user sees: the message and its position, the exit
status, that no Python traceback shows and, where it matters, that the image
is byte for byte what it was.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from helpers import run

import selfpy
from selfpy.syntax.parser import MAX_NESTING
from selfpy.vm.limits import MAX_ELEMENTS, MAX_INTEGER_BITS, MAX_STRING

PT = "lobby addSlots: (| pt = (| parent* = traits clonable. printString = ( 1 / 0 ) |) |)"
COUNTER = "lobby addSlots: (| c = (| parent* = traits clonable. n <- 1 |) |)"


@pytest.fixture(scope="module")
def world() -> selfpy.World:
    with selfpy.World() as w:
        w.eval(PT)
        w.eval(COUNTER)
        yield w


def caught(world: selfpy.World, expression: str, kind: str = "error") -> str:
    """The messageText of the error `expression` raises, caught in selfpy by `on:do:`."""
    return world.eval(f"[{expression}] on: {kind} do: [:e | e messageText]")


def clean(result) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def image(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.image"
    result = run("--image", str(path), "-e", COUNTER)
    assert result.returncode == 0, result.stderr
    return path


# ---- user code that fails inside callbacks ------------------------------------------

def test_failing_print_string_with_e_shows_the_failure_and_exits_0() -> None:
    result = run("--memory", "-e", f"{PT}. pt clone")
    clean(result)
    assert result.returncode == 0
    assert result.stdout.strip() == "a pt (printString failed: division by zero)"


def test_failing_print_string_piped_goes_on_to_the_next_input() -> None:
    result = run("--memory", stdin=f"{PT}.\npt clone\n3 + 4\n")
    clean(result)
    assert "a pt (printString failed: division by zero)" in result.stdout
    assert result.stdout.strip().endswith("7")


def test_failing_print_string_in_a_script_is_an_error_at_its_line(tmp_path: Path) -> None:
    script = tmp_path / "show.self"
    script.write_text(f"{PT}.\n'before' displayLine.\npt clone printLine.\n'after' displayLine.\n")
    result = run(str(script))
    clean(result)
    assert result.returncode == 1
    assert result.stdout == "before\n"
    # reported in the user's printString, with the failing statement in the backtrace
    assert result.stderr.startswith(f"{script}:1:73: division by zero")
    assert f"{script}:3 in doIt" in result.stderr


def test_print_string_answering_a_non_string(world: selfpy.World) -> None:
    world.eval("lobby addSlots: (| odd = (| parent* = traits clonable. printString = ( 3 ) |) |)")
    assert world.print_string(world.execute("odd clone")) == \
        "an odd (printString answered 3, not a string)"


def test_printing_traits_string_does_not_crash() -> None:
    result = run("--memory", "-e", "traits string")
    clean(result)
    assert result.returncode == 0
    assert result.stdout.startswith("traits string (printString failed: ")


def test_printing_traits_mirror_does_not_crash() -> None:
    result = run("--memory", "-e", "traits mirror")
    clean(result)
    assert result.returncode == 0
    assert result.stdout.startswith("traits mirror (printString failed: ")


def test_a_list_that_contains_itself_prints_as_a_failure() -> None:
    result = run("--memory", "-e", "| l | l := list copy. l add: 1; add: l. l")
    clean(result)
    assert result.returncode == 0
    assert result.stdout.strip() == \
        "a list (printString failed: stack depth exceeded (too many nested sends))"


def test_removing_print_string_from_the_root_traits() -> None:
    result = run("--memory", stdin="traits root removeSlot: 'printString'\nlobby\n3 zork\n4\n")
    clean(result)
    assert "lobby (printString failed: " in result.stdout
    assert "3 does not understand #zork" in result.stderr
    assert result.stdout.strip().endswith("4")


def test_an_object_whose_parent_is_3_gets_clear_errors(world: selfpy.World) -> None:
    assert caught(world, "(| parent* = 3 |) foo") == "(| parent* = 3 |) does not understand #foo"
    assert caught(world, "(| parent* = 3 |) + 4") == "+ expects a number, not (| parent* = 3 |)"


def test_an_object_whose_parent_is_3_from_the_command_line() -> None:
    result = run("--memory", "-e", "(| parent* = 3 |) + 4")
    clean(result)
    assert result.returncode == 1
    assert "<-e>:1:19: + expects a number" in result.stderr
    assert "internal error" not in result.stderr


def test_a_primitive_on_the_wrong_receiver_is_a_catchable_error(world: selfpy.World) -> None:
    text = caught(world, "traits string size")
    assert text.startswith("a primitive was given a value it cannot use")


def test_an_error_inside_ensure_does_not_hide_the_original() -> None:
    result = run("--memory", "-e", "[1 / 0] ensure: [nil zork]")
    clean(result)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first == "<-e>:1:4: division by zero"
    assert "the ensure: block failed too while unwinding: nil does not understand #zork" \
        in result.stderr


def test_the_original_error_reaches_its_handler_through_a_failing_ensure(
        world: selfpy.World) -> None:
    assert caught(world, "[1 / 0] ensure: [nil zork]", "zeroDivide") == "division by zero"
    assert caught(world, "[1 / 0] ifCurtailed: [nil zork]", "zeroDivide") == "division by zero"


def test_ensure_still_runs_after_success(world: selfpy.World) -> None:
    assert world.eval("| log | log := list copy. [log add: 1] ensure: [log add: 2]. log size") \
        == 2


# ---- host errors become selfpy errors at one place ------------------------------------

def test_recursion_is_a_stack_overflow_error(world: selfpy.World) -> None:
    world.eval("lobby addSlots: (| down: n = ( 1 + (down: n + 1) ) |)")
    assert caught(world, "down: 1", "stackOverflow") == \
        "stack depth exceeded (too many nested sends)"


def test_float_overflow_is_a_selfpy_error(world: selfpy.World) -> None:
    assert caught(world, "(10 raisedTo: 400) asFloat").startswith("number too large")


def test_unicode_that_cannot_be_written_is_a_selfpy_error() -> None:
    import os

    env_result = __import__("subprocess").run(
        [*__import__("helpers").SELFPY, "--memory", "-e", "'caf\u00e9' displayLine. 3"],
        capture_output=True, text=True, timeout=120,
        env=dict(os.environ, PYTHONIOENCODING="ascii:strict"))
    assert "Traceback" not in env_result.stderr
    assert env_result.returncode == 1
    assert "text that cannot be encoded or decoded" in env_result.stderr


def test_an_os_error_while_writing_is_a_selfpy_error() -> None:
    def broken(text: str) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    with selfpy.World(output=broken) as w:
        with pytest.raises(selfpy.SelfpyError) as info:
            w.eval("'x' printLine")
        assert info.value.message == "operating system error: Broken pipe"
        assert w.eval("[3 printLine] on: error do: [:e | e messageText]") == \
            "operating system error: Broken pipe"


def test_the_same_translation_in_on_do_and_at_top_level(world: selfpy.World) -> None:
    inside = caught(world, "(10 raisedTo: 400) asFloat")
    with pytest.raises(selfpy.SelfpyError) as info:
        world.eval("(10 raisedTo: 400) asFloat")
    assert info.value.message == inside


def test_stack_overflow_backtrace_is_folded() -> None:
    result = run("--memory", "-e", "lobby addSlots: (| fib: n = ( (fib: n - 1) + 1 ) |). fib: 5")
    clean(result)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) < 30
    folded = [line for line in lines if "more frames of" in line]
    assert len(folded) == 1
    assert "more frames of lobby fib:" in folded[0]
    hidden = int(folded[0].split()[1].replace(",", ""))
    assert hidden > 1000


def test_division_by_zero_keeps_its_kind(world: selfpy.World) -> None:
    assert caught(world, "1 / 0", "zeroDivide") == "division by zero"
    assert caught(world, "7 \\\\ 0", "zeroDivide") == "division by zero"


# ---- deep input -------------------------------------------------------------------

def test_a_hundred_thousand_term_expression_works(world: selfpy.World) -> None:
    assert world.eval(" + ".join(["1"] * 100_000)) == 100_000


def test_twenty_thousand_terms_in_a_script_no_longer_kill_the_process(tmp_path: Path) -> None:
    script = tmp_path / "long.self"
    script.write_text("(" + " + ".join(["1"] * 20_000) + ") printLine.\n")
    result = run(str(script), timeout=600)
    clean(result)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "20000\n"


def test_long_unary_and_cascade_chains(world: selfpy.World) -> None:
    assert world.eval("3" + " yourself" * 30_000) == 3
    # a cascade goes to the receiver of its first message: `l`, not the prototype `list`
    assert world.eval("| l | l := list copy. l add: 1" + "; add: 1" * 9_999 + "; size") == 10_000


def test_ten_thousand_statements(world: selfpy.World) -> None:
    assert world.eval("| x | x := 0. " + "x := x + 1. " * 10_000 + "x") == 10_000


def test_parentheses_nested_to_the_limit_work(world: selfpy.World) -> None:
    assert world.eval("(" * MAX_NESTING + "42" + ")" * MAX_NESTING) == 42


def test_one_level_more_is_a_parse_error_with_its_position() -> None:
    result = run("--memory", "-e", "(" * (MAX_NESTING + 1) + "42" + ")" * (MAX_NESTING + 1))
    clean(result)
    assert result.returncode == 1
    assert result.stderr.startswith(f"<-e>:1:{MAX_NESTING + 1}: the code nests too deeply: "
                                    f"more than {MAX_NESTING:,} levels")


def test_ten_thousand_nested_parentheses_are_refused(world: selfpy.World) -> None:
    with pytest.raises(selfpy.ParseError) as info:
        world.eval("(" * 10_000 + "1" + ")" * 10_000)
    assert "nests too deeply" in info.value.message


def test_assignment_chains_brace_arrays_and_keyword_arguments_nest(world: selfpy.World) -> None:
    assert world.eval("| a | " + "a := " * 999 + "5. a") == 5
    assert world.eval("{" * 999 + "}" * 999 + " size") == 1
    assert world.eval("3" + " max: (3" * 900 + ")" * 900) == 3


def test_blocks_nested_forty_deep_work(world: selfpy.World) -> None:
    assert world.eval("[" * 40 + "7" + "] value" * 40) == 7


def test_blocks_nested_to_the_limit_work(world: selfpy.World) -> None:
    n = MAX_NESTING
    assert world.eval("[" * n + "7" + "] value" * n) == 7


def test_one_block_past_the_limit_is_a_parse_error_with_its_position() -> None:
    n = MAX_NESTING + 1
    result = run("--memory", "-e", "[" * n + "7" + "] value" * n)
    clean(result)
    assert result.returncode == 1
    assert result.stderr.startswith(f"<-e>:1:{n}: the code nests too deeply: "
                                    f"more than {MAX_NESTING:,} levels")


def test_conditionals_nested_to_the_limit_count_every_level(world: selfpy.World) -> None:
    n = MAX_NESTING - 1  # the innermost assignment is one level more
    source = ("| r | r := 0. " + "r > -1 ifTrue: [ r := r + 1. " * n + "r := r * 2 ]"
              + " ]" * (n - 1))
    assert world.eval(source + ". r") == 2 * n
    assert world.eval(source.replace("r > -1", "r < 0") + ". r") == 0


def test_blocks_with_arguments_nested_to_the_limit_see_every_outer_level(
        world: selfpy.World) -> None:
    """998 nested one-argument blocks (inside `x :=`, around `t :=`); the innermost adds
    arguments of outer levels and assigns a variable of the statement that made them."""
    n = MAX_NESTING - 2
    inner = " + ".join(f"a{i}" for i in range(0, n, 37)) + f" + a{n - 1}"
    source = ("| x t | x := " + "".join(f"[:a{i} | " for i in range(n)) + f"t := {inner}. t * 2"
              + "]" * n + ". " + "".join(f"x := x value: {i}. " for i in range(n)))
    expected = sum(range(0, n, 37)) + n - 1
    assert world.eval(source + "x") == 2 * expected
    assert world.eval(source + "t") == expected


def test_non_local_return_from_blocks_nested_to_the_limit(world: selfpy.World) -> None:
    n = MAX_NESTING - 2  # inside the method's parentheses and the object literal
    world.eval("lobby addSlots: (| deepReturn = ( " + "[" * n + "^ 5" + "] value" * n
               + ". 6 ) |)")
    assert world.eval("deepReturn") == 5
    assert world.eval("[" * n + "^ 5" + "] value" * n + ". 6") == 5


def test_non_local_return_from_deep_blocks_of_a_finished_method_is_an_error() -> None:
    n = 300
    method = "( ^ " + "[" * n + "^ 5" + "] value" * (n - 1) + "] )"
    result = run("--memory", "-e", f"lobby addSlots: (| dead = {method} |). dead value")
    clean(result)
    assert result.returncode == 1
    column = len("lobby addSlots: (| dead = ( ^ ") + n + 1
    assert result.stderr.startswith(f"<-e>:1:{column}: non-local return ('^') from a block "
                                    "whose method has already returned")


def test_an_error_deep_inside_nested_blocks_names_its_place() -> None:
    n = 300
    result = run("--memory", "-e", "[" * n + "\n   1 / 0" + "] value" * n)
    clean(result)
    assert result.returncode == 1
    assert result.stderr.startswith("<-e>:2:6: division by zero")


@pytest.mark.parametrize("depth", [26, 35, 44])
def test_loop_parameters_kept_by_blocks_made_deep_inside_nested_blocks(
        world: selfpy.World, depth: int) -> None:
    """Each block made in a loop keeps its own `i`, however deep it is made."""
    source = ("| bs | bs := list copy. " + "[ " * depth + "1 to: 3 do: [:i | bs add: "
              + "[ " * 20 + "i" + " ] value" * 19 + " ] ]" + " ] value" * depth
              + ". (bs collect: [:b | b value]) asVector")
    assert [world.eval(f"{source} at: {k}") for k in (1, 2, 3)] == [1, 2, 3]


def test_loops_nested_deeper_than_python_allows_work(world: selfpy.World) -> None:
    assert world.eval("| n | n := 0. " + "1 to: 2 do: [:i | " * 12 + "n := n + 1" + "]" * 12
                      + ". n") == 2 ** 12
    assert world.eval("| n | n := 0. " + "1 to: 1 do: [:i | " * 40 + "n := n + i" + "]" * 40
                      + ". n") == 1
    assert world.eval("| n | n := 0. " + "[ n < 1 ] whileTrue: [ " * 30 + "n := n + 1"
                      + "]" * 30 + ". n") == 1
    world.eval("lobby addSlots: (| loopReturn = ( | n | n := 0. " + "1 to: 1 do: [:i | " * 40
               + "[ n := n + i. n = 1 ifTrue: [ ^ 42 ] ] value" + "]" * 40 + ". n ) |)")
    assert world.eval("loopReturn") == 42


def test_deep_code_in_a_method_body(world: selfpy.World) -> None:
    world.eval("lobby addSlots: (| deepest = ( " + "(" * 900 + "9" + ")" * 900 + " ) |)")
    assert world.eval("deepest") == 9


@pytest.mark.parametrize(("literal", "message"), [
    ("16r1Fz", "'z' is not a digit in radix 16"),
    ("40r12", "radix 40 is not between 2 and 36"),
    ("1r0", "radix 1 is not between 2 and 36"),
    ("1e99999999", "exponent 99,999,999 is too large"),
])
def test_bad_number_literals_are_parse_errors(literal: str, message: str) -> None:
    result = run("--memory", "-e", f"3 + {literal}")
    clean(result)
    assert result.returncode == 1
    assert result.stderr.startswith(f"<-e>:1:5: {message}")


def test_a_bad_number_literal_in_a_script_names_file_line_and_column(tmp_path: Path) -> None:
    script = tmp_path / "n.self"
    script.write_text("3 printLine.\n  x := 16r1Fz.\n")
    result = run(str(script))
    clean(result)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{script}:2:8: 'z' is not a digit in radix 16")
    assert result.stdout == ""  # nothing ran: the script did not parse


def test_a_long_number_literal_works_up_to_the_limit(world: selfpy.World) -> None:
    assert world.eval("9" * 5_000 + " printString size") == 5_000


# ---- resource guards ----------------------------------------------------------------

def test_doubling_a_string_stops_at_the_limit_quickly() -> None:
    started = time.monotonic()
    result = run("--memory", "-e", "| s | s := 'a'. 40 timesRepeat: [ s := s , s ]. s size")
    clean(result)
    assert result.returncode == 1
    assert f", would make a string too large: {2 * MAX_STRING:,} characters " \
           f"(at most {MAX_STRING:,})" in result.stderr
    assert time.monotonic() - started < 120


def test_repeat_is_limited(world: selfpy.World) -> None:
    assert caught(world, "'ab' repeat: 100000000").startswith(
        "repeat: would make a string too large")
    assert world.eval("('ab' repeat: 3)") == "ababab"


def test_integers_are_limited_for_raised_to_and_multiplication(world: selfpy.World) -> None:
    assert caught(world, "10 raisedTo: 10000000").startswith(
        "raisedTo: would make an integer too large")
    big = f"(2 raisedTo: {MAX_INTEGER_BITS - 1})"
    assert caught(world, f"{big} * {big}").startswith("* would make an integer too large")
    # the inlined small-integer `*` cannot grow past the limit either
    assert caught(world, "| n | n := 3. 40 timesRepeat: [n := n * n]. n").startswith(
        "* would make an integer too large")


def test_big_integers_print_up_to_the_limit(world: selfpy.World) -> None:
    assert world.eval("(10 raisedTo: 5000) printString size") == 5001
    assert world.eval(f"(2 raisedTo: {MAX_INTEGER_BITS - 1}) printString size") == 315_653
    assert world.eval("'1' , ('0' repeat: 5000)") == "1" + "0" * 5000
    assert world.eval("('1' , ('0' repeat: 5000)) asNumber = (10 raisedTo: 5000)") is True


def test_big_number_print_string_from_the_command_line() -> None:
    result = run("--memory", "-e", "(10 raisedTo: 5000) printString")
    clean(result)
    assert result.returncode == 0
    assert result.stdout.strip() == "'1" + "0" * 5000 + "'"


def test_collections_are_limited(world: selfpy.World) -> None:
    assert caught(world, f"vector copySize: {MAX_ELEMENTS + 1}") == (
        f"copySize: would make a collection too large: {MAX_ELEMENTS + 1:,} elements "
        f"(at most {MAX_ELEMENTS:,})")


def test_the_world_goes_on_after_a_refused_allocation(world: selfpy.World) -> None:
    with pytest.raises(selfpy.SelfpyError):
        world.eval("| s | s := 'a'. 40 timesRepeat: [ s := s , s ]")
    assert world.eval("3 + 4") == 7


# ---- atomic inputs --------------------------------------------------------------------

def test_e_with_a_failing_second_statement_leaves_the_image_unchanged(image: Path) -> None:
    before = digest(image)
    result = run("--image", str(image), "-e", "c n: 5. c zork")
    clean(result)
    assert result.returncode == 1
    assert "c does not understand #zork" in result.stderr
    assert digest(image) == before
    assert run("--image", str(image), "-e", "c n").stdout.strip() == "1"


def test_a_piped_input_is_one_transaction(image: Path) -> None:
    before = digest(image)
    result = run("--image", str(image), stdin="c n: 5. c zork\n")
    clean(result)
    assert result.returncode == 1
    assert digest(image) == before
    result = run("--image", str(image), stdin="c n: 6. c n\nc n: 7. c zork\nc n\n")
    assert result.stdout.split() == ["6", "6"]


def test_a_script_commits_each_top_level_statement(image: Path, tmp_path: Path) -> None:
    script = tmp_path / "two.self"
    script.write_text("c n: 5.\nc zork.\n")
    result = run("--image", str(image), str(script))
    assert result.returncode == 1
    assert run("--image", str(image), "-e", "c n").stdout.strip() == "5"


def test_the_input_commits_even_when_its_print_string_fails(image: Path) -> None:
    setup = ("c addSlots: (| printString = ( n: 100. 1 / 0 ) |)")
    assert run("--image", str(image), "-e", setup).returncode == 0
    result = run("--image", str(image), "-e", "c n: 8. c")
    clean(result)
    assert result.returncode == 0
    assert result.stdout.strip() == "c (printString failed: division by zero)"
    # the input's change stays; what the failing printString changed was rolled back
    assert run("--image", str(image), "-e", "c n").stdout.strip() == "8"


def test_embedding_run_input_is_atomic(world: selfpy.World) -> None:
    world.eval("c n: 1")
    with pytest.raises(selfpy.SelfpyError):
        world.run_input("c n: 5. c zork")
    assert world.eval("c n") == 1
    assert world.run_input("c n: 2. c n") == (2, "2")


# ---- declarations anywhere at top level -----------------------------------------------

def test_a_script_declares_where_it_needs_to(tmp_path: Path) -> None:
    script = tmp_path / "late.self"
    script.write_text("3 printLine.\n| a b |\na := 4. b := a * 2.\nb printLine.\n"
                      "| c | c := b + 1. c printLine.\n")
    result = run(str(script))
    clean(result)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "3\n8\n9\n"


def test_a_name_before_its_declaration_is_still_a_send(tmp_path: Path) -> None:
    script = tmp_path / "before.self"
    script.write_text("later printLine.\n| later |\n")
    result = run(str(script))
    assert result.returncode == 1
    assert f"{script}:1:1: lobby does not understand #later" in result.stderr


def test_e_declares_in_the_middle() -> None:
    result = run("--memory", "-e", "| a | a := 2. | b | b := a * 3. b")
    assert result.stdout.strip() == "6"


def test_piped_declarations_live_to_the_end_of_the_session() -> None:
    result = run("--memory", stdin="3 + 4\n| a b |\na := 5.\nb := a + 1. | c | c := b * 2\n"
                                   "c + a\n")
    clean(result)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["7", "nil", "5", "12", "17"]


def test_declaring_a_name_twice_in_one_declaration_is_an_error() -> None:
    result = run("--memory", "-e", "3. | a a |")
    assert result.returncode == 1
    assert "<-e>:1:4: temporary 'a' is declared twice" in result.stderr


def test_declaring_a_reserved_word_is_an_error() -> None:
    result = run("--memory", stdin="3. | self |\n")
    assert result.returncode == 1
    assert "'self' is a reserved word" in result.stderr
    clean(result)


def test_redeclaring_in_a_later_input_starts_from_nil() -> None:
    result = run("--memory", stdin="| a | a := 3\n| a |\na\n")
    assert result.stdout.split() == ["3", "nil", "nil"]
