"""Changing an object's slots: the one place a new map is given to an object
(`reshape`) and the change recorded in the image's history (`addSlots:`,
`removeSlot:`, a synthesized method's installation, a revert)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import history
from .prototypes import Map, SelfObject
from .slot import ASSIGNABLE, Slot, value_attribute

if TYPE_CHECKING:
    from .interpreter import Interpreter


def reshape(target: SelfObject, slots: dict[str, Slot]) -> None:
    """Give `target` a new map holding `slots`, in order (maps are shared by clones and
    never changed in place). Records nothing: the callers here record the change, a
    migration records none."""
    target.put_map(Map(slots))


def put_slots(rt: Interpreter, target: SelfObject, slots: list[tuple[Slot, object]]) -> None:
    """Add or replace slots of `target` (assignable ones with their values), in order."""
    for slot, value in slots:
        rt.check_guard(target, slot.name, value)
    befores = {slot.name: history.slot_state(target, slot.name) for slot, _ in slots}
    layout = dict(target._map.slots)
    for slot, _ in slots:
        layout.pop(slot.name, None)
        layout[slot.name] = slot
    reshape(target, layout)
    for slot, value in slots:
        if slot.kind == ASSIGNABLE:
            setattr(target, value_attribute(slot.name), value)
    for name, before in befores.items():
        history.record(rt, target, name, before, history.slot_state(target, name))
    rt.changed()


def remove_slot(rt: Interpreter, target: SelfObject, name: str) -> None:
    """Remove the slot `name` of `target`, which must have it."""
    rt.check_guard(target, name, None)
    before = history.slot_state(target, name)
    layout = dict(target._map.slots)
    slot = layout.pop(name)
    reshape(target, layout)
    if slot.kind == ASSIGNABLE and hasattr(target, value_attribute(name)):
        delattr(target, value_attribute(name))
    history.record(rt, target, name, before, (None, None))
    rt.changed()


def revert(rt: Interpreter, change: history.Change) -> None:
    """Put back the slot as it was before `change` (itself recorded as a change)."""
    holder = change.holder
    name = change.name
    rt.check_guard(holder, name, change.before_value)
    current = history.slot_state(holder, name)
    slots = dict(holder._map.slots)
    if change.kind == "parent":
        setattr(holder, value_attribute(name), change.before_value)
    elif change.before is None:
        slots.pop(name, None)
        reshape(holder, slots)
        if hasattr(holder, value_attribute(name)):
            delattr(holder, value_attribute(name))
    else:
        slots[name] = change.before
        reshape(holder, slots)
        if change.before.kind == ASSIGNABLE:
            setattr(holder, value_attribute(name), change.before_value)
    with rt.acting(origin=f"revert of change {change.number}"):
        history.record(rt, holder, name, current, history.slot_state(holder, name),
                       "parent" if change.kind == "parent" else None)
    rt.changed()
