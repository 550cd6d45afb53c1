"""Code that parses but cannot run is refused before anything runs, with its position."""

from __future__ import annotations

import pytest

import selfpy


@pytest.fixture(scope="module")
def world():
    with selfpy.World() as world:
        yield world


@pytest.mark.parametrize(("source", "message", "line", "column"), [
    ("x := 3", "'x' is not a local variable; declare it with '| x |', or send 'x: value' "
               "to set a slot", 1, 1),
    ("| a |\na := 1.\n[:b | b := 2] value: 3", "cannot assign to argument 'b'", 3, 7),
    ("3 _NoSuchPrimitive", "unknown primitive '_NoSuchPrimitive'", 1, 3),
    ("resend.foo", "'resend' can only be used inside a method", 1, 1),
    ("(| a = 1 | a + 1)", "an object literal's code runs only as a method; put it in a slot "
                          "('m = (| ... | code )') or use a block", 1, 1),
    ("| true |\n3", "'true' is a reserved word and cannot be declared", 1, 1),
])
def test_compile_errors(world: selfpy.World, source: str, message: str, line: int,
                        column: int) -> None:
    with pytest.raises(selfpy.ParseError) as info:
        world.eval(source, "demo.self")
    error = info.value
    assert (error.message, error.line, error.column) == (message, line, column)


def test_compile_error_runs_nothing(world: selfpy.World) -> None:
    with pytest.raises(selfpy.ParseError):
        world.eval("lobby addSlots: (| touched = 1 |).\nundeclared := 3")
    assert world.eval("lobby includesSlot: 'touched'") is False


def test_method_compile_errors_surface_when_the_method_is_first_sent(world: selfpy.World) -> None:
    world.eval("lobby addSlots: (| broken = ( y := 1 ) |)", "defs.self")
    with pytest.raises(selfpy.ParseError) as info:
        world.eval("broken")
    assert info.value.message.startswith("'y' is not a local variable")
    assert (info.value.filename, info.value.line, info.value.column) == ("defs.self", 1, 31)
