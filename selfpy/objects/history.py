"""The image's change history: every change to a slot layout, method or parent.

Each change is a `Change` in the image's `history` BTree, numbered in
order. It keeps the slot before and after (methods are persistent, so an
old method stays in the image as long as its change does) and the value of
an assignable slot, so `layout.revert` can put back what was there.
"""

from __future__ import annotations

import datetime
import time
from typing import TYPE_CHECKING

from persistent import Persistent

from .prototypes import Method, SelfObject
from .slot import ASSIGNABLE, METHOD, Slot, value_attribute

if TYPE_CHECKING:
    from .interpreter import Interpreter

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


def record(rt: Interpreter, holder: SelfObject, name: str, before: tuple[Slot | None, object],
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


def changes(rt: Interpreter, holder: SelfObject | None = None,
            name: str | None = None) -> list[Change]:
    """Changes, oldest first, to `holder` (any object if None) and slot `name` (any if None)."""
    found = []
    for change in rt.state["history"].values():
        if holder is not None and change.holder is not holder:
            continue
        if name is not None and change.name != name:
            continue
        found.append(change)
    return found


def line(rt: Interpreter, change: Change) -> str:
    """One change as a line for people: number, time, kind, object, slot, origin."""
    when = datetime.datetime.fromtimestamp(change.time).isoformat(sep=" ", timespec="seconds")
    holder = rt.name_of(change.holder) or "an object"
    return f"#{change.number:<5} {when}  {change.kind:<7} {holder} {change.name}  ({change.origin})"


def describe(rt: Interpreter, slot: Slot | None, value: object) -> object:
    """What a slot held, for people: a method's source, else the value's printString."""
    if slot is None:
        return rt.nil
    if slot.kind == METHOD and isinstance(slot.value, Method):
        return slot.value.source
    shown = value if slot.kind == ASSIGNABLE else slot.value
    return rt.describe(shown)
