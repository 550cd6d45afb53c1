"""Primitives on any object: identity, cloning, slots, reflection, perform."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...errors import NotUnderstoodError
from ...objects import history, layout
from ...objects.lookup import find
from ...objects.prototypes import SelfObject
from ...objects.slot import ASSIGNABLE, METHOD, value_attribute
from ...syntax.selector import arity

if TYPE_CHECKING:
    from ...objects.interpreter import Interpreter

_VALUES = (int, float, str)


def install(rt: Interpreter) -> dict[str, Callable]:
    def identical(a: object, b: object) -> object:
        if a is b or (type(a) in _VALUES and type(a) is type(b) and a == b):
            return rt.true
        return rt.false

    def identity_hash(a: object) -> int:
        return hash(a) if type(a) in _VALUES else id(a) >> 4

    def clone(a: object) -> object:
        return a.clone() if isinstance(a, SelfObject) else a

    def need_object(a: object, what: str) -> SelfObject:
        if not isinstance(a, SelfObject):
            rt.signal("error", f"{rt.describe(a)} has no slots of its own, so it cannot {what}")
        return a

    def add_slots(receiver: object, source: object) -> object:
        target = need_object(receiver, "take new slots")
        source = need_object(source, "give slots")
        layout.put_slots(rt, target, [
            (slot, getattr(source, value_attribute(name)) if slot.kind == ASSIGNABLE else None)
            for name, slot in source._map.slots.items()])
        return receiver

    def remove_slot(receiver: object, name: object) -> object:
        target = need_object(receiver, "lose slots")
        if not isinstance(name, str) or name not in target._map.slots:
            rt.signal("error", f"no slot named {name!r} to remove")
        layout.remove_slot(rt, target, name)
        return receiver

    def slot_names(receiver: object) -> object:
        if not isinstance(receiver, SelfObject):
            return rt.make_vector([])
        return rt.make_vector(list(receiver._map.slots))

    def parents(receiver: object) -> object:
        return rt.make_vector(rt.as_object(receiver).parent_objects())

    def includes_slot(receiver: object, name: object) -> object:
        return rt.boolean(isinstance(receiver, SelfObject) and name in receiver._map.slots)

    def responds_to(receiver: object, selector: object) -> object:
        if not isinstance(selector, str):
            return rt.false
        return rt.boolean(find(rt.as_object(receiver), selector, rt.as_object) is not None)

    def perform(receiver: object, selector: object, arguments: object) -> object:
        if not isinstance(selector, str):
            rt.signal("error", f"perform: needs a selector string, not {rt.describe(selector)}")
        items = list(getattr(arguments, "items", ()))
        if arity(selector) != len(items):
            rt.signal("error", f"#{selector} takes {arity(selector)} arguments, "
                               f"not {len(items)}")
        return rt.send(receiver, selector, *items)

    def slot_value(receiver: object, name: object) -> object:
        target = need_object(receiver, "answer slot values")
        slot = target._map.slots.get(name) if isinstance(name, str) else None
        if slot is None:
            rt.signal("error", f"no slot named {name!r}")
        return target.slot_value(slot)

    def slot_kind(receiver: object, name: object) -> object:
        target = need_object(receiver, "answer slot kinds")
        slot = target._map.slots.get(name) if isinstance(name, str) else None
        if slot is None:
            rt.signal("error", f"no slot named {name!r}")
        kind = slot.kind + (" parent" if slot.parent else "")
        return kind

    def method_source(receiver: object, name: object) -> object:
        target = need_object(receiver, "answer method sources")
        slot = target._map.slots.get(name) if isinstance(name, str) else None
        if slot is None or slot.kind != METHOD:
            rt.signal("error", f"no method named {name!r}")
        return slot.value.source

    def describe(receiver: object) -> str:
        name = rt.name_of(receiver)
        if name:
            return name
        if not isinstance(receiver, SelfObject):
            return f"a {type(receiver).__name__}"
        parts = []
        for slot_name, slot in receiver._map.slots.items():
            if slot.kind == METHOD:
                parts.append(f"{slot_name} = ( ... )" if arity(slot_name) == 0 else slot_name)
                continue
            value = receiver.slot_value(slot)
            shown = rt.name_of(value)
            if not shown:
                shown = repr(value) if type(value) in _VALUES else "..."
                if type(value) is str:
                    shown = "'" + value.replace("'", "''") + "'"
            star = "*" if slot.parent else ""
            op = "<-" if slot.kind == ASSIGNABLE else "="
            parts.append(f"{slot_name}{star} {op} {shown}")
        text = "(| " + ". ".join(parts) + " |)" if parts else "(| |)"
        return text if len(text) <= 120 else text[:112] + "... |)"

    def not_understood(receiver: object, message: object) -> object:
        selector = getattr(message, value_attribute("selector"), "?")
        raise NotUnderstoodError(f"{rt.describe(receiver)} does not understand #{selector}")

    def history_of(receiver: object, obj: object, name: object) -> object:
        target = need_object(obj, "have a history")
        found = history.changes(rt, target, name if isinstance(name, str) else None)
        return rt.make_vector([rt.change_object(change) for change in found])

    def revert_change(receiver: object, number: object) -> object:
        change = rt.state["history"].get(number) if type(number) is int else None
        if change is None:
            rt.signal("error", f"there is no change number {number!r} in the history")
        layout.revert(rt, change)
        return receiver

    return {
        "_NotUnderstood:": not_understood, "_HistoryOf:Named:": history_of,
        "_RevertChange:": revert_change,
        "_Eq:": identical, "_IdentityHash": identity_hash, "_Clone": clone,
        "_AddSlots:": add_slots, "_RemoveSlot:": remove_slot, "_SlotNames": slot_names,
        "_Parents": parents, "_IncludesSlot:": includes_slot, "_RespondsTo:": responds_to,
        "_Perform:WithArguments:": perform, "_SlotValue:": slot_value, "_SlotKind:": slot_kind,
        "_MethodSource:": method_source, "_Describe": describe,
    }
