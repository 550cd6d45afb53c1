"""Finding and running selfpy test methods (objects whose parent chain reaches `testCase`).

Each test runs inside a transaction that is always rolled back, so no test
has to undo what it changed, and no test can leave something behind for the
next one: `image_state` fingerprints everything reachable from the lobby (the
kernel's methods included) and the inlining guards, so a caller can check
that a test left the world exactly as it found it.
"""

from __future__ import annotations

from ..compile.names import INLINED_SELECTORS
from ..embed.world import World
from ..objects.lookup import lookup_path
from ..objects.prototypes import Method, SelfObject
from ..objects.slot import ASSIGNABLE, value_attribute
from ..syntax import nodes as n
from ..syntax.parser import parse_method

# The messages of `testCase` that count as one assertion each.
ASSERTIONS = frozenset({
    "assert:", "assert:description:", "deny:", "deny:description:", "assert:equals:",
    "should:raise:", "should:raise:saying:", "shouldnt:raise:",
})


class IncompleteTest(Exception):
    """A test that ran without a failed assertion but still did not do its job."""


def discover(world: World) -> list[tuple[str, str]]:
    """(lobby slot name, test selector) for every test object in the lobby."""
    rt = world.runtime
    base = rt.well_known("testCase")
    if base is None:
        return []
    found = []
    for name, slot in rt.lobby._map.slots.items():
        value = rt.lobby.slot_value(slot)
        if slot.parent or value is base or not isinstance(value, SelfObject):
            continue
        if base in lookup_path(value, rt.as_object):
            selectors = world.execute(f"{name} testSelectors", commit=False)
            found.extend((name, selector) for selector in selectors.items)
    return found


def run(world: World, name: str, selector: str) -> int:
    """Run one test method, rolled back afterwards; answers its number of assertions.

    Raises `IncompleteTest` when the method made no assertion, or left through a
    `^` before reaching all the assertions it contains.
    """
    count = world.execute(f"{name} run: {selector!r}", f"<test {name} {selector}>",
                          commit=False)
    if not isinstance(count, int) or count == 0:
        raise IncompleteTest(f"{name} {selector} made no assertions")
    written, early = assertions_written(world, name, selector)
    if early and count < written:
        raise IncompleteTest(f"{name} {selector} returned with '^' after {count} of the "
                             f"{written} assertions it contains")
    return count


def assertions_written(world: World, name: str, selector: str) -> tuple[int, bool]:
    """How many assertion sends the method's source holds, and whether it has a `^`
    anywhere but as its last statement (a way out before the end)."""
    rt = world.runtime
    holder = rt.lobby.slot_value(rt.lobby._map.slots[name])
    method = holder._map.slots[selector].value
    if not isinstance(method, Method):
        return 0, False
    _, body = parse_method(method.source, selector, [], method.filename, method.line,
                           method.column)
    last = body.statements[-1] if body.statements else None
    written = early = 0
    for node in body.walk():
        if type(node) in (n.Send, n.Message) and node.selector in ASSERTIONS:  # not resends
            written += 1
        elif isinstance(node, n.Return) and node is not last:
            early = True
    return written, bool(early)


def image_state(world: World) -> dict:
    """A fingerprint of the world as tests must leave it: every object reachable from
    the lobby through slots (slot names, kinds, method sources, values) and the
    inlining guards, which say the kernel's control methods are its own."""
    rt = world.runtime
    objects: dict[object, tuple] = {}
    seen: set[int] = set()
    names: dict[object, str] = {}
    todo: list[tuple[SelfObject, str]] = [(rt.lobby, "lobby")]
    while todo:
        obj, path = todo.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        entries: list[tuple] = []
        for slot_name, slot in sorted(obj._map.slots.items()):
            value = getattr(obj, value_attribute(slot_name), None) \
                if slot.kind == ASSIGNABLE else slot.value
            entries.append((slot_name, slot.kind, slot.parent, _describe(value)))
            if isinstance(value, SelfObject):
                todo.append((value, slot_name if path == "lobby" else f"{path} {slot_name}"))
        items = getattr(obj, "items", None)
        if isinstance(items, dict):
            items = [*items.keys(), *items.values()]
        if isinstance(items, list):
            entries.append(("(elements)", "", False, tuple(_describe(i) for i in items)))
            todo.extend((item, f"an element of {path}") for item in items
                        if isinstance(item, SelfObject))
        key = obj._p_oid or ("new", id(obj))
        objects[key] = tuple(entries)
        names[key] = path
    guards = {guard: rt.namespace.get(guard) for guard in INLINED_SELECTORS}
    return {"objects": objects, "guards": guards, "names": names}


def _describe(value: object) -> object:
    if isinstance(value, Method):
        return ("method", value.source, value.kernel)
    if isinstance(value, SelfObject):
        return ("object", value._p_oid, id(value) if value._p_oid is None else None)
    if isinstance(value, int | float | str) or value is None:
        return value
    return type(value).__name__


def changes(before: dict, after: dict) -> list[str]:
    """What differs between two `image_state` fingerprints, for people."""
    found = [f"the inlining guard {guard} is now {after['guards'].get(guard)}"
             for guard, value in before["guards"].items() if after["guards"].get(guard) != value]
    old, new = before["objects"], after["objects"]
    for oid in old.keys() | new.keys():
        if old.get(oid) != new.get(oid):
            slots_before = dict((entry[0], entry) for entry in old.get(oid, []))
            slots_after = dict((entry[0], entry) for entry in new.get(oid, []))
            names = sorted(name for name in slots_before.keys() | slots_after.keys()
                           if slots_before.get(name) != slots_after.get(name))
            where = before["names"].get(oid) or after["names"].get(oid)
            found.append(f"{where}: {', '.join(names) or 'its elements'} changed")
    return found
