"""Room on CPython's frame stack for running selfpy code.

CPython 3.11+ keeps Python frames in 16 KiB chunks. A call that crosses
the end of a chunk allocates a new chunk, and its return frees it again
(gh-142183); when a hot send sits right at such a boundary every call pays
for that, and a benchmark runs two to three times slower depending only on
how deep the caller happened to be. `run` calls a function from a frame
that is large enough to get a chunk of its own with about 125 KiB to spare,
so the frames of the selfpy code it runs start at the beginning of a big
chunk and cross no boundary until they are hundreds of calls deep.
"""

from __future__ import annotations

import types
from collections.abc import Callable

SPARE_SLOTS = 16_000  # pointer-sized slots: a 128 KiB frame, in a 256 KiB chunk


def _run(function: Callable, argument: object) -> object:
    return function(argument)


def _roomy(function: types.FunctionType) -> Callable:
    """`function` with SPARE_SLOTS unused slots of value stack, so its frame is large.

    (A frame holds the locals and the value stack; a deeper declared stack
    costs no names, where 16,000 spare locals cost 5 ms to make at start-up.)"""
    code = function.__code__
    try:
        roomy = code.replace(co_stacksize=code.co_stacksize + SPARE_SLOTS)
    except (TypeError, ValueError):  # another Python's code objects: no room, same result
        return function
    return types.FunctionType(roomy, function.__globals__, function.__name__)


run: Callable[[Callable, object], object] = _roomy(_run)
"""run(function, argument): function(argument), with frame stack room to spare."""
