"""Retrieval: methods already in the image that can help write a missing one.

A method with the very same selector on another object (`squared` on
`traits float` when `traits integer` lacks it) is itself a candidate. Methods
with similar selectors and the same shape (unary, binary, keyword with as
many arguments) become the few-shot examples of the model's prompt.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..objects.lookup import lookup_path
from ..objects.prototypes import Method, SelfObject
from ..objects.slot import METHOD
from ..syntax.selector import arity, is_binary
from .candidate import RETRIEVED, Candidate

if TYPE_CHECKING:
    from ..vm.runtime import Runtime

MOST_OBJECTS = 20_000  # how far a search walks the image


@dataclass
class Found:
    """A method in the image and the object that holds it."""

    holder: SelfObject
    method: Method
    holder_name: str


def methods(rt: Runtime) -> list[Found]:
    """Every method reachable from the lobby (breadth first, at most MOST_OBJECTS objects)."""
    seen: set[int] = set()
    queue: deque[SelfObject] = deque([rt.lobby, *rt.state["traits"].values()])
    found: list[Found] = []
    while queue and len(seen) < MOST_OBJECTS:
        obj = queue.popleft()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        for slot in obj._map.slots.values():
            if slot.kind == METHOD:
                if isinstance(slot.value, Method):
                    found.append(Found(obj, slot.value, rt.name_of(obj) or "an object"))
                continue
            value = obj.slot_value(slot)
            if isinstance(value, SelfObject) and id(value) not in seen:
                queue.append(value)
    return found


def same_selector(rt: Runtime, receiver: object, selector: str,
                  known: list[Found] | None = None) -> list[Candidate]:
    """Candidates copied from methods named `selector` on objects off the receiver's path."""
    path = {id(obj) for obj in lookup_path(rt.as_object(receiver), rt.as_object)}
    candidates: list[Candidate] = []
    for found in known if known is not None else methods(rt):
        method = found.method
        if method.selector != selector or id(found.holder) in path:
            continue
        if any(c.body == method.source and c.arguments == method.arguments
               for c in candidates):
            continue
        candidates.append(Candidate(selector, method.source, RETRIEVED,
                                    f"as {found.holder_name} {selector}",
                                    arguments=list(method.arguments)))
    return candidates


def similar(rt: Runtime, selector: str, most: int = 4,
            known: list[Found] | None = None) -> list[Found]:
    """Up to `most` methods whose selectors look like `selector`, same shape, best first.

    User methods rank above kernel ones at equal similarity, short ones above
    long ones: they make better examples for a small model.
    """
    words = _words(selector)
    scored = []
    for found in known if known is not None else methods(rt):
        method = found.method
        if method.selector == selector or not _same_shape(method.selector, selector):
            continue
        if len(method.source) > 160 or "_" in method.source:
            continue  # primitives and long methods teach a small model the wrong things
        overlap = len(words & _words(method.selector))
        score = (overlap, not method.kernel, -len(method.source))
        scored.append((score, found))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    return [found for _, found in scored[:most]]


def _same_shape(a: str, b: str) -> bool:
    return is_binary(a) == is_binary(b) and arity(a) == arity(b)


def _words(selector: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", selector)}
