"""Parser fuzzing: every input, however hostile, ends in a syntax tree or a ParseError.

Hypothesis generates token soups from selfpy's own tokens, arbitrary text and
arbitrary bytes; each input is parsed, and what parses is compiled as a REPL
input would be. Bracket nests around the nesting limit are tried one by one. The longer run
is `benchmarks/reliability/fuzz.py`.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import selfpy
from selfpy.errors import ParseError
from selfpy.syntax import nodes
from selfpy.syntax.parser import MAX_NESTING, parse_program

TOKENS = [
    "x", "foo", "self", "nil", "lobby", "resend.", "super", "at:", "put:", "ifTrue:", "value",
    "3", "-4", "16rFF", "16r1Fz", "40r12", "1.5", "2e3", "1e99999999", "36rZZ", "'s'", "''",
    "'it''s'", "#sym", "#at:put:", "#+", "$a", "$", "(", ")", "[", "]", "{", "}", "(|", "|",
    ".", ";", "^", ":=", "<-", ":", ":a", "=", "*", "-", "+", ",", "\\\\", "p*", "\"c\"", "\"",
    "'", "#", "_Print:", "_Nope", "\n", " ", "x:", "9" * 500,
]

SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def runtime():
    with selfpy.World(output=lambda text: None) as world:
        yield world.runtime


def parses_or_refuses(text: str) -> nodes.Body | None:
    try:
        return parse_program(text, "<fuzz>")
    except ParseError as error:
        assert error.line >= 1 and error.column >= 1
        assert error.message
        return None


def compiles_or_refuses(runtime, text: str) -> None:
    try:
        runtime.compile_doit(text, "<fuzz>", {})
    except ParseError:
        pass


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join))
def test_token_soups(runtime, text: str) -> None:
    if parses_or_refuses(text) is not None:
        compiles_or_refuses(runtime, text)


@SETTINGS
@given(st.text(max_size=200))
def test_arbitrary_text(runtime, text: str) -> None:
    if parses_or_refuses(text) is not None:
        compiles_or_refuses(runtime, text)


@SETTINGS
@given(st.binary(max_size=200))
def test_arbitrary_bytes(runtime, data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    if parses_or_refuses(text) is not None:
        compiles_or_refuses(runtime, text)


def test_nests_around_the_limit(runtime) -> None:
    # not under hypothesis: it lowers Python's recursion limit to 2,000 frames above the
    # test while it runs, and a 1,000-deep nest needs more (see docs/decisions.md)
    for opener, closer in (("(", ")"), ("[", "]"), ("{", "}"), ("x := ", ""), ("(1 + ", ")")):
        for depth in (MAX_NESTING - 1, MAX_NESTING, MAX_NESTING + 1):
            for extra in (-1, 0, 1):
                text = opener * depth + "3" + closer * (depth + extra)
                body = parses_or_refuses(text)
                if depth > MAX_NESTING:
                    assert body is None
                if body is not None:
                    compiles_or_refuses(runtime, text)
