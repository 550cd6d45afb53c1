"""Message lookup: the receiver's own slots, then its parents in declaration
order, depth first, each object visited once. The one place that decides
which slot a selector names."""

from __future__ import annotations

from collections.abc import Callable

from .prototypes import SelfObject
from .slot import ASSIGNABLE, Slot


def own_slot(obj: SelfObject, selector: str) -> Slot | None:
    """The slot of `obj` itself that `selector` names (a setter `x:` names slot `x`)."""
    slots = obj._map.slots
    slot = slots.get(selector)
    if slot is not None:
        return slot
    if selector.endswith(":") and selector.count(":") == 1:
        slot = slots.get(selector[:-1])
        if slot is not None and slot.kind == ASSIGNABLE:
            return slot
    return None


def find(start: SelfObject, selector: str, as_object: Callable[[object], SelfObject],
         visited: set[int] | None = None) -> tuple[SelfObject, Slot] | None:
    """(holder, slot) for `selector` starting at `start`, or None.

    `as_object` maps a parent value that is a number, string or block to the
    traits object that gives it behaviour.
    """
    if visited is None:
        visited = set()
    key = id(start)
    if key in visited:
        return None
    visited.add(key)
    slot = own_slot(start, selector)
    if slot is not None:
        return start, slot
    for parent in start.parent_objects():
        found = find(as_object(parent), selector, as_object, visited)
        if found is not None:
            return found
    return None


def find_holder(start: SelfObject, slot_value: object, as_object: Callable[[object], SelfObject],
                visited: set[int] | None = None) -> SelfObject | None:
    """The object in `start`'s lookup path whose own slots hold `slot_value` (a method)."""
    if visited is None:
        visited = set()
    if id(start) in visited:
        return None
    visited.add(id(start))
    for slot in start._map.slots.values():
        if slot.value is slot_value:
            return start
    for parent in start.parent_objects():
        holder = find_holder(as_object(parent), slot_value, as_object, visited)
        if holder is not None:
            return holder
    return None


def find_above(holder: SelfObject, selector: str,
               as_object: Callable[[object], SelfObject]) -> tuple[SelfObject, Slot] | None:
    """Directed lookup for `resend.`: the holder's parents, not the holder itself."""
    visited = {id(holder)}
    for parent in holder.parent_objects():
        found = find(as_object(parent), selector, as_object, visited)
        if found is not None:
            return found
    return None


def is_kind_of(obj: object, kind: object, as_object: Callable[[object], SelfObject]) -> bool:
    """Whether `obj` is `kind`, a clone of it (same map), or inherits from it.

    This is how `on: kind do:` decides which errors a handler catches.
    """
    if not isinstance(kind, SelfObject) or not isinstance(obj, SelfObject):
        return False
    return kind is obj or kind._map is obj._map or kind in lookup_path(obj, as_object)


def lookup_path(start: SelfObject, as_object: Callable[[object], SelfObject]) -> list[SelfObject]:
    """Every object lookup would visit from `start`, in order."""
    order: list[SelfObject] = []
    seen: set[int] = set()

    def walk(obj: SelfObject) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        order.append(obj)
        for parent in obj.parent_objects():
            walk(as_object(parent))

    walk(start)
    return order
