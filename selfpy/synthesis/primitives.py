"""Synthesis primitives: the model object's way into `selfpy.synthesis`.

The program that makes a runtime installs them (`World` does), passing the
conversion of Python values to selfpy values it owns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..objects.prototypes import Method, SelfObject
from ..objects.slot import METHOD
from . import model
from . import pipeline as synthesis

if TYPE_CHECKING:
    from ..vm.runtime import Runtime


def install(rt: Runtime, to_selfpy: Callable[[object, Runtime], object]) -> dict[str, Callable]:
    """The synthesis primitives bound to `rt`."""
    def synthesize(_receiver: object, message: object) -> object:
        return rt.boolean(synthesis.synthesize(rt, message))

    def provenance_of(_receiver: object, obj: object, name: object) -> object:
        slot = obj._map.slots.get(name) if isinstance(obj, SelfObject) and \
            isinstance(name, str) else None
        if slot is None or slot.kind != METHOD or not isinstance(slot.value, Method):
            rt.signal("error", f"no method named {name!r}")
        return to_selfpy(dict(slot.value.provenance), rt)

    return {"_Synthesize:": synthesize, "_ProvenanceOf:Named:": provenance_of,
            "_ModelDescription": lambda _receiver: model.describe(rt)}
