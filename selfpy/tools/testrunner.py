"""Finding and running selfpy test methods (objects whose parent chain reaches `testCase`)."""

from __future__ import annotations

from ..embed.world import World
from ..objects.lookup import lookup_path
from ..objects.prototypes import SelfObject


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
    """Run one test method, rolled back afterwards; answers its number of assertions."""
    return world.execute(f"{name} run: {selector!r}", f"<test {name} {selector}>",
                         commit=False)
