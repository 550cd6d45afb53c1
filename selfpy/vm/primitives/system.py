"""Primitives that reach outside the image: standard output and the command line."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...objects.interpreter import Interpreter


def install(rt: Interpreter) -> dict[str, Callable]:
    def write(_receiver: object, text: object) -> object:
        if type(text) is not str:
            rt.signal("error", "_Print: expects a string")
        rt.write(text)
        return _receiver

    return {
        "_ImageFormat": lambda _receiver: rt.state["format"],
        "_ImageCreated": lambda _receiver: rt.state["created"],
        "_Print:": write,
        "_Arguments": lambda _receiver: rt.make_vector(list(rt.arguments)),
    }
