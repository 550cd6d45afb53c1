"""The image's change history: every change to a slot layout, method or parent.

Each change is a `Change` in the image's `history` BTree, numbered in
order. It keeps the slot before and after (methods are persistent, so an
old method stays in the image as long as its change does) and the value of
an assignable slot, so `revert` can put back what was there.
"""

from __future__ import annotations

import datetime
import time
from typing import TYPE_CHECKING

from persistent import Persistent

from .objects import Map, Method, SelfObject
from .slot import ASSIGNABLE, METHOD, Slot, value_attribute

if TYPE_CHECKING:
    from .runtime import Runtime

_UNSET = object()


class Change(Persistent):
    """One change to one slot of one object."""

    def __init__(self, number: int, holder: SelfObject, name: str, kind: str,
                 before: Slot | None, before_value: object, after: Slot | None,
                 after_value: object, origin: str) -> None:
        self.number = number
        self.time = time.time()
        self.holder = holder
        self.name = name
        self.kind = kind  # 'add', 'replace', 'remove' or 'parent'
        self.before = before
        self.before_value = before_value
        self.after = after
        self.after_value = after_value
        self.origin = origin


def slot_state(obj: SelfObject, name: str) -> tuple[Slot | None, object]:
    """The slot `name` of `obj` and, if assignable, its current value."""
    slot = obj._map.slots.get(name)
    if slot is None:
        return None, None
    if slot.kind == ASSIGNABLE:
        return slot, getattr(obj, value_attribute(name), None)
    return slot, None


def record(rt: Runtime, holder: SelfObject, name: str, before: tuple[Slot | None, object],
           after: tuple[Slot | None, object], kind: str | None = None) -> Change:
    """Add a change to the history."""
    history = rt.state["history"]
    number = (history.maxKey() + 1) if len(history) else 1
    if kind is None:
        kind = "add" if before[0] is None else ("remove" if after[0] is None else "replace")
    change = Change(number, holder, name, kind, before[0], before[1], after[0], after[1],
                    rt.origin)
    history[number] = change
    return change


def changes(rt: Runtime, holder: SelfObject | None = None, name: str | None = None) -> list[Change]:
    """Changes, oldest first, to `holder` (any object if None) and slot `name` (any if None)."""
    found = []
    for change in rt.state["history"].values():
        if holder is not None and change.holder is not holder:
            continue
        if name is not None and change.name != name:
            continue
        found.append(change)
    return found


def line(rt: Runtime, change: Change) -> str:
    """One change as a line for people: number, time, kind, object, slot, origin."""
    when = datetime.datetime.fromtimestamp(change.time).isoformat(sep=" ", timespec="seconds")
    holder = rt.name_of(change.holder) or "an object"
    return f"#{change.number:<5} {when}  {change.kind:<7} {holder} {change.name}  ({change.origin})"


def describe(rt: Runtime, slot: Slot | None, value: object) -> object:
    """What a slot held, for people: a method's source, else the value's printString."""
    if slot is None:
        return rt.nil
    if slot.kind == METHOD and isinstance(slot.value, Method):
        return slot.value.source
    shown = value if slot.kind == ASSIGNABLE else slot.value
    return rt.describe(shown)


def revert(rt: Runtime, change: Change) -> None:
    """Put back the slot as it was before `change` (itself recorded as a change)."""
    holder = change.holder
    name = change.name
    rt.check_guard(holder, name, change.before_value)
    current = slot_state(holder, name)
    slots = dict(holder._map.slots)
    if change.kind == "parent":
        setattr(holder, value_attribute(name), change.before_value)
    elif change.before is None:
        slots.pop(name, None)
        holder._map = Map(slots)
        if hasattr(holder, value_attribute(name)):
            delattr(holder, value_attribute(name))
    else:
        slots[name] = change.before
        holder._map = Map(slots)
        if change.before.kind == ASSIGNABLE:
            setattr(holder, value_attribute(name), change.before_value)
    saved = rt.origin
    rt.origin = f"revert of change {change.number}"
    try:
        record(rt, holder, name, current, slot_state(holder, name),
               "parent" if change.kind == "parent" else None)
    finally:
        rt.origin = saved
    rt.changed()
