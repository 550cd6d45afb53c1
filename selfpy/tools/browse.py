"""Browsing the image: every reachable object, who sends a selector, who implements it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import ParseError
from ..objects.prototypes import Dictionary, Method, SelfObject, Vector
from ..objects.slot import METHOD
from ..syntax import nodes as n
from ..syntax.parser import parse_method

if TYPE_CHECKING:
    from ..vm.runtime import Runtime


def reachable(rt: Runtime) -> Iterator[SelfObject]:
    """Every object reachable from the lobby through slots and collections, once each."""
    seen: set[int] = set()
    stack: list[object] = [rt.lobby]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, SelfObject):
            yield obj
            for slot in obj._map.slots.values():
                if slot.kind != METHOD:
                    stack.append(obj.slot_value(slot))
            if isinstance(obj, Vector):
                stack.extend(obj.items)
            elif isinstance(obj, Dictionary):
                stack.extend(obj.items)
                stack.extend(obj.items.values())


def implementors(rt: Runtime, selector: str) -> list[str]:
    """Names of the objects that have a slot called `selector`."""
    return sorted({_label(rt, obj) for obj in reachable(rt) if selector in obj._map.slots})


def senders(rt: Runtime, selector: str) -> list[str]:
    """'holder method' for every method whose code sends `selector`."""
    found = set()
    for obj in reachable(rt):
        for name, slot in obj._map.slots.items():
            if slot.kind == METHOD and _sends(slot.value, selector):
                found.add(f"{_label(rt, obj)} {name}")
    return sorted(found)


def _label(rt: Runtime, obj: SelfObject) -> str:
    return rt.name_of(obj) or rt.describe(obj)


def _sends(method: Method, selector: str) -> bool:
    if selector not in method.source and selector.split(":")[0] not in method.source:
        return False
    try:
        _, body = parse_method(method.source, method.selector, method.arguments)
    except ParseError:
        return False
    for inner in body.walk():
        if isinstance(inner, (n.Send, n.Message)) and inner.selector == selector:
            return True  # a send, a cascade's message or a resend
        if isinstance(inner, n.Variable) and inner.name == selector:
            return True  # a unary send to self
    return False
