"""Changing an object's slots: the one place a new map is given to an object
and the change recorded in the image's history (`addSlots:`, `removeSlot:`,
a synthesized method's installation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import history
from .objects import Map, SelfObject
from .slot import ASSIGNABLE, Slot, value_attribute

if TYPE_CHECKING:
    from .runtime import Runtime


def put_slots(rt: Runtime, target: SelfObject, slots: list[tuple[Slot, object]]) -> None:
    """Add or replace slots of `target` (assignable ones with their values), in order."""
    for slot, value in slots:
        rt.check_guard(target, slot.name, value)
    befores = {slot.name: history.slot_state(target, slot.name) for slot, _ in slots}
    layout = dict(target._map.slots)
    for slot, _ in slots:
        layout.pop(slot.name, None)
        layout[slot.name] = slot
    target._map = Map(layout)
    for slot, value in slots:
        if slot.kind == ASSIGNABLE:
            setattr(target, value_attribute(slot.name), value)
    for name, before in befores.items():
        history.record(rt, target, name, before, history.slot_state(target, name))
    rt.changed()


def remove_slot(rt: Runtime, target: SelfObject, name: str) -> None:
    """Remove the slot `name` of `target`, which must have it."""
    rt.check_guard(target, name, None)
    before = history.slot_state(target, name)
    layout = dict(target._map.slots)
    slot = layout.pop(name)
    target._map = Map(layout)
    if slot.kind == ASSIGNABLE and hasattr(target, value_attribute(name)):
        delattr(target, value_attribute(name))
    history.record(rt, target, name, before, (None, None))
    rt.changed()
