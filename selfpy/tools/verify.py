"""Checking an image: its structure, and that every object in it loads and makes sense."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ZODB.utils import oid_repr

from ..errors import ParseError
from ..objects.history import Change
from ..objects.prototypes import Map, Method, SelfObject
from ..objects.slot import ASSIGNABLE, METHOD, value_attribute
from ..store import migration
from ..store.database import ROOT_KEY
from ..syntax.parser import parse_method

if TYPE_CHECKING:
    from ..embed.world import World

REQUIRED = ("format", "created", "lobby", "traits", "true", "false", "nil", "prototypes",
            "history")


def all_oids(storage: object) -> list[bytes]:
    """Every object id the storage holds (its current records)."""
    seen: dict[bytes, None] = {}
    for txn in storage.iterator():  # type: ignore[attr-defined]
        for record in txn:
            seen[record.oid] = None
    return list(seen)


def verify(world: World) -> tuple[int, list[str]]:
    """(objects checked, problems); each problem names the object it is about."""
    connection = world.connection
    rt = world.runtime
    problems: list[str] = []
    state = connection.root().get(ROOT_KEY)
    if state is None:
        return 0, ["the database holds no selfpy image"]
    for key in REQUIRED:
        if key not in state:
            problems.append(f"the image has no '{key}' entry")
    if state.get("format") != migration.CURRENT:
        problems.append(f"the image has format {state.get('format')}, expected "
                        f"{migration.CURRENT}")
    checked = 0
    for oid in all_oids(world.db.storage):
        try:
            obj = connection.get(oid)
            obj._p_activate()
        except Exception as error:  # noqa: BLE001 - a damaged record is what we look for
            problems.append(f"object {oid_repr(oid)} cannot be loaded: "
                            f"{type(error).__name__}: {error}")
            continue
        checked += 1
        problems.extend(f"object {oid_repr(oid)} ({_name(rt, obj)}): {p}"
                        for p in _check(obj))
    return checked, problems


def _name(rt: object, obj: object) -> str:
    try:
        return rt.name_of(obj) or type(obj).__name__  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - naming a damaged object must not fail
        return type(obj).__name__


def _check(obj: object) -> list[str]:
    """What is wrong with one loaded object."""
    if isinstance(obj, SelfObject):
        map_ = getattr(obj, "_map", None)
        if not isinstance(map_, Map):
            return ["its map is missing or is not a map"]
        found = []
        for name, slot in map_.slots.items():
            if slot.kind == ASSIGNABLE and not hasattr(obj, value_attribute(name)):
                found.append(f"assignable slot '{name}' has no value")
            if slot.kind == METHOD and not isinstance(slot.value, Method):
                found.append(f"method slot '{name}' holds no method")
        for name in map_.parents:
            if name not in map_.slots:
                found.append(f"parent '{name}' is not one of its slots")
        return found
    if isinstance(obj, Method):
        try:
            parse_method(obj.source, obj.selector, obj.arguments, obj.filename, obj.line,
                         obj.column)
        except ParseError as error:
            return [f"method '{obj.selector}' does not parse: {error.message}"]
        return []
    if isinstance(obj, Change) and not isinstance(obj.holder, SelfObject):
        return [f"change {obj.number} is about something that is not an object"]
    return []
