"""Parse errors name the position, show the line with a caret, and say what is wrong."""

from __future__ import annotations

import pytest

from selfpy import ParseError, completeness
from selfpy.syntax.parser import parse_program


def error_for(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_program(text, "demo.self")
    return info.value


def test_unclosed_object_literal_names_its_opening() -> None:
    error = error_for("x := 1.\nfoo := 2.\n\n    (| a = 3.\n  b = 4")
    assert error.message == "missing ')' to close the object literal opened at 4:5"
    assert (error.filename, error.line) == ("demo.self", 5)


def test_unclosed_block_and_paren() -> None:
    assert error_for("[:a | a + 1").message == "missing ']' to close the block opened at 1:1"
    assert error_for("3 + (4 * 2").message == \
        "missing ')' to close the parenthesis opened at 1:5"
    assert error_for("{1. 2").message == "missing '}' to close the brace array opened at 1:1"


def test_mismatched_closer() -> None:
    error = error_for("x := (1 + 2].")
    assert error.message == "']' does not close the parenthesis opened at 1:6; expected ')'"
    assert (error.line, error.column) == (1, 12)


def test_unexpected_token_has_line_column_and_caret() -> None:
    error = error_for("a := 3.\nb := 4 + * 5.")
    assert error.message == "unexpected '*'; expected an expression"
    assert (error.line, error.column) == (2, 10)
    assert error.format() == ("demo.self:2:10: unexpected '*'; expected an expression\n"
                              "    b := 4 + * 5.\n"
                              "             ^")


def test_stray_closer() -> None:
    error = error_for("3 + 4)")
    assert error.message == "')' closes nothing"
    assert (error.line, error.column) == (1, 6)


def test_unterminated_string_and_comment() -> None:
    error = error_for("x := 'abc")
    assert error.message == "unterminated string (it has no closing quote)"
    assert (error.line, error.column) == (1, 6)
    error = error_for('3 "a comment')
    assert error.message.startswith("unterminated comment")
    assert (error.line, error.column) == (1, 3)


def test_method_arity_is_checked() -> None:
    error = error_for("(| at:put: = (| :a | a) |)")
    assert error.message == "method 'at:put:' takes 2 arguments but 1 is named"
    assert (error.line, error.column) == (1, 4)


def test_keyword_slot_needs_a_method() -> None:
    error = error_for("(| foo: a = 3 |)")
    assert "takes arguments, so its value must be a method" in error.message


def test_duplicate_slot_and_temporary() -> None:
    assert error_for("(| a = 1. a = 2 |)").message == "slot 'a' is declared twice"
    assert error_for("| t t | t").message == "temporary 't' is declared twice"


def test_assignment_to_reserved_word() -> None:
    error = error_for("x := 1.\nself := 3")
    assert error.message == "cannot assign to 'self'"
    assert (error.line, error.column) == (2, 1)


def test_literal_array_hint() -> None:
    error = error_for("#(1 2 3)")
    assert "brace arrays" in error.message
    assert (error.line, error.column) == (1, 1)


@pytest.mark.parametrize("text", [
    "3 + 4", "x := 3. x printLine", "(| a = 1 |)", "[:a | a] value: 3", "'it''s'",
    "lobby addSlots: (| f: n = ( n < 2 ifTrue: [n] ifFalse: [(f: n - 1) + (f: n - 2)] ) |).",
])
def test_complete_inputs(text: str) -> None:
    assert completeness(text) == "complete"


@pytest.mark.parametrize("text", [
    "(| a = 1.", "[:a |", "3 +", "x foo: 1 bar:", "'unfinished", '"comment', "{1. 2",
    "lobby addSlots: (|\n  f = ( 3",
])
def test_incomplete_inputs(text: str) -> None:
    assert completeness(text) == "incomplete"


@pytest.mark.parametrize("text", ["3 + * 4", ")", "(1]", "x := := 3", "#(1)"])
def test_invalid_inputs(text: str) -> None:
    assert completeness(text) == "invalid"
