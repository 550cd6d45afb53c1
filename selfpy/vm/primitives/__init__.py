"""Primitives: the small Python functions selfpy code reaches as `_Name:` sends.

Each module here has `install(runtime)` answering {selector: function}; the
function takes the receiver and the arguments. The runtime does not pick its
primitives: whoever makes it passes the sets it should have (`install` here
for the kernel's, `selfpy.synthesis.primitives` for the model object's). Compiled code calls them
directly (no lookup); everything else about the kernel is selfpy code in
`stdlib/`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...objects.interpreter import Interpreter


def install(runtime: Interpreter) -> dict[str, Callable]:
    """Every kernel primitive, bound to `runtime`."""
    from . import blocks, collections, errors, numbers, objects, strings, system

    table: dict[str, Callable] = {}
    for module in (objects, numbers, strings, blocks, collections, errors, system):
        table.update(module.install(runtime))
    return table
