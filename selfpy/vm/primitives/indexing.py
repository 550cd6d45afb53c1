"""The one place that turns a selfpy index (1-based, checked) into a Python one."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...objects.interpreter import Interpreter


def python_index(rt: Interpreter, i: object, size: int, selector: str, what: str) -> int:
    """`i` as a 0-based index into `size` elements, or a selfpy error naming `selector`."""
    if type(i) is not int:
        rt.signal("error", f"{selector} expects an integer index, not {rt.describe(i)}")
    if not 1 <= i <= size:  # type: ignore[operator]
        rt.signal("subscriptOutOfBounds",
                  f"index {i} is out of bounds for {what} of size {size}")
    return i - 1  # type: ignore[operator]
