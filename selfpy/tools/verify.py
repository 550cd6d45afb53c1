"""Checking an image: its structure, and that every object in it loads and makes sense.

A file image is checked read-only (no lock, index or temporary file is
written, nothing is migrated or repaired), so a damaged image can be
checked as it is; each damaged object is named by its oid, its class, and
the slots or entries that refer to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ZODB.serialize import referencesf
from ZODB.utils import oid_repr

from ..errors import ParseError
from ..objects.history import Change
from ..objects.prototypes import Map, Method, SelfObject
from ..objects.slot import ASSIGNABLE, METHOD, value_attribute
from ..store import migration
from ..store.image_file import (
    ROOT_KEY,
    ImageFileError,
    check_head,
    check_root,
    class_of,
    open_read_only,
    read_only_database,
    reason,
    root_class,
    unfinished_tail,
)
from ..syntax.parser import parse_method

if TYPE_CHECKING:
    from ..embed.world import World

REQUIRED = ("format", "created", "lobby", "traits", "true", "false", "nil", "prototypes",
            "history")
CACHE_EVERY = 5000  # objects loaded between emptyings of the connection's cache


@dataclass
class Report:
    """What checking an image found."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    damaged: dict[bytes, str] = field(default_factory=dict)  # oid -> what is wrong
    facts: dict[str, str] = field(default_factory=dict)  # format, created, history


def all_oids(storage: object) -> list[bytes]:
    """Every object id the storage holds (its current records)."""
    index = getattr(storage, "_index", None)  # a FileStorage knows them without a scan
    if index is not None:
        return list(index.keys())
    seen: dict[bytes, None] = {}
    for txn in storage.iterator():  # type: ignore[attr-defined]
        for record in txn:
            seen[record.oid] = None
    return list(seen)


def verify(world: World, progress: Callable[[int, int], None] | None = None
           ) -> tuple[int, list[str]]:
    """(objects checked, problems) of an open world; each problem names its object."""
    report = check_connection(world.db.storage, world.connection, progress=progress,
                              path=world.path)
    return report.checked, report.problems


def verify_file(path: str | Path, progress: Callable[[int, int], None] | None = None,
                *, semantics: bool = True) -> Report:
    """Check the image file at `path` read-only. Raises `ImageFileError` for a file that
    is no selfpy image at all; damage is reported, not raised."""
    path = Path(path)
    if path.is_dir():
        raise ImageFileError(f"image {path} is a directory, not an image file")
    if not path.exists():
        raise ImageFileError(f"there is no image at {path}")
    check_head(path)
    storage = open_read_only(path)
    report = Report()
    try:
        try:
            tail = unfinished_tail(storage, path)
        except ImageFileError as error:
            report.problems.append(str(error))
        else:
            if tail is not None:
                report.notes.append(f"{tail}; opening the image sets it aside")
        try:
            has_root = root_class(storage, path) is not None
        except ImageFileError as error:
            if "not a selfpy image" in str(error):
                raise
            report.problems.append(str(error))
            return report
        if not has_root:
            report.problems.append("the database is empty: it holds no selfpy image")
            return report
        db = read_only_database(storage)
        try:
            connection = db.open()
            try:
                check_connection(storage, connection, report, progress, path,
                                 semantics=semantics)
            finally:
                connection.close()
        finally:
            db.close()
    finally:
        storage.close()
    return report


def check_connection(storage: object, connection: object, report: Report | None = None,
                     progress: Callable[[int, int], None] | None = None,
                     path: object = None, *, semantics: bool = True) -> Report:
    """Load (and with `semantics`, check) every object through `connection`."""
    report = report or Report()
    state = None
    try:
        root = connection.root()  # type: ignore[attr-defined]
        root._p_activate()
    except Exception as error:  # noqa: BLE001 - a damaged root is what we look for
        report.problems.append(f"object 0x00 (the database root) cannot be loaded: "
                               f"{reason(error)}")
    else:
        try:
            check_root(root, path or "the database")
            state = root.get(ROOT_KEY)
        except ImageFileError as error:
            if "not a selfpy image" in str(error):
                raise
            report.problems.append(str(error))
        except Exception as error:  # noqa: BLE001 - the state's record is named below
            report.problems.append(f"the image's state cannot be loaded ({reason(error)})")
    if state is None and not report.problems:
        report.problems.append("the database holds no selfpy image")
        return report
    names: dict[bytes, str] = {}
    if state is not None:
        report.facts = state_facts(state)
        _check_state(state, report)
        names = _names(state)
    oids = all_oids(storage)
    loaded: dict[bytes, bytes] = {}
    for count, oid in enumerate(oids, 1):
        _check_one(storage, connection, names, oid, report, loaded, semantics)
        if count % CACHE_EVERY == 0:
            connection.cacheMinimize()  # type: ignore[attr-defined]
        if progress is not None and (count % 1000 == 0 or count == len(oids)):
            progress(count, len(oids))
    if report.damaged:
        _name_referrers(connection, names, report, loaded)
    return report


def state_facts(state: object) -> dict[str, str]:
    """What `image info` shows from the state mapping, as far as it loads."""
    import datetime

    def fact(read: Callable[[], object]) -> str:
        try:
            return str(read())
        except Exception:  # noqa: BLE001 - a damaged image still shows what it can
            return "(cannot be read: the image is damaged)"

    def when(seconds: object) -> str:
        return datetime.datetime.fromtimestamp(seconds).isoformat(  # type: ignore[arg-type]
            sep=" ", timespec="seconds")

    return {"format": fact(lambda: state["format"]),  # type: ignore[index]
            "created": fact(lambda: when(state["created"])),  # type: ignore[index]
            "history": fact(lambda: f"{len(state['history'])} changes")}  # type: ignore[index]


def _check_state(state: object, report: Report) -> None:
    for key in REQUIRED:
        if key not in state:  # type: ignore[operator]
            report.problems.append(f"the image has no '{key}' entry")
    format_ = state.get("format")  # type: ignore[attr-defined]
    if format_ != migration.CURRENT:
        report.problems.append(f"the image has format {format_!r}, expected "
                               f"{migration.CURRENT} (opening it migrates an older one)")


def _names(state: object) -> dict[bytes, str]:
    """Names of well-known objects by oid ('lobby', 'traits integer', 'the history'), read
    defensively: in a damaged image, whatever loads is named."""
    names: dict[bytes, str] = {}

    def add(obj: object, name: str) -> None:
        oid = getattr(obj, "_p_oid", None)
        if oid is not None:
            names.setdefault(oid, name)

    def each(read: Callable[[], Iterable[tuple[str, object]]], prefix: str) -> None:
        try:
            for name, value in read():
                add(value, prefix + name)
        except Exception:  # noqa: BLE001, S110 - a damaged table names nothing more
            pass

    add(state, "the image state")
    for key, name in (("traits", "the traits table"), ("prototypes", "the prototypes table"),
                      ("history", "the history")):
        each(lambda key=key, name=name: [(name, state[key])], "")  # type: ignore[index]
    each(lambda: state["traits"].items(), "traits ")  # type: ignore[index]
    each(lambda: state["prototypes"].items(), "")  # type: ignore[index]
    each(lambda: [(k, state[k]) for k in ("lobby", "true", "false", "nil")], "")  # type: ignore[index]

    def lobby_slots() -> list[tuple[str, object]]:
        lobby = state["lobby"]  # type: ignore[index]
        found = []
        for name, slot in lobby._map.slots.items():
            if slot.kind == ASSIGNABLE:
                found.append((name, getattr(lobby, value_attribute(name), None)))
            elif slot.kind != METHOD:
                found.append((name, slot.value))
        return found
    each(lobby_slots, "")
    return names


def _check_one(storage: object, connection: object, names: dict[bytes, str], oid: bytes,
               report: Report, loaded: dict[bytes, bytes], semantics: bool) -> None:
    try:
        data, _ = storage.load(oid)  # type: ignore[attr-defined]
    except Exception as error:  # noqa: BLE001 - an unreadable record is what we look for
        _damage(report, oid, names, "class unknown",
                f"cannot be read from the file: {reason(error)}")
        return
    loaded[oid] = data
    try:
        obj = connection.get(oid)  # type: ignore[attr-defined]
        obj._p_activate()
    except Exception as error:  # noqa: BLE001 - a damaged record is what we look for
        module, name = class_of(data)
        _damage(report, oid, names, f"a {module}.{name}" if module else "class unreadable",
                f"cannot be loaded: {reason(error)}")
        return
    report.checked += 1
    if not semantics:
        return
    try:
        found = _check(obj)
    except Exception as error:  # noqa: BLE001 - a part it needs is damaged (named itself)
        found = [f"cannot be checked: a part of it does not load ({reason(error)})"]
    report.problems.extend(f"object {oid_repr(oid)} ({_name(names, obj)}): {p}"
                           for p in found)


def _damage(report: Report, oid: bytes, names: dict[bytes, str], what: str,
            problem: str) -> None:
    known = names.get(oid)
    label = f"{known}, {what}" if known else what
    report.damaged[oid] = f"object {oid_repr(oid)} ({label}) {problem}"


def _name_referrers(connection: object, names: dict[bytes, str], report: Report,
                    loaded: dict[bytes, bytes]) -> None:
    """Add to each damaged object's problem the slots and entries that refer to it."""
    damaged = set(report.damaged)
    owners: dict[bytes, object] = {}  # map oid -> an object using that map
    referrers: dict[bytes, list[bytes]] = {oid: [] for oid in damaged}
    for oid, data in loaded.items():
        if oid in damaged:
            continue
        try:  # every object, to know which object uses which map
            refs = set(referencesf(data))
            obj = connection.get(oid)  # type: ignore[attr-defined]
            map_oid = getattr(getattr(obj, "_map", None), "_p_oid", None) \
                if isinstance(obj, SelfObject) else None
        except Exception:  # noqa: BLE001, S112 - it loaded before; if not now, skip it
            continue
        if map_oid is not None:
            owners.setdefault(map_oid, obj)
        for target in refs & damaged:
            referrers[target].append(oid)
    for target, holders in referrers.items():
        places = []
        history = 0
        for holder in holders:
            place = _reference(connection, names, holder, target, owners)
            if place is None:
                history += 1
            else:
                places.append(place)
        if history:
            places.append(f"recorded in {history} change(s) of the history")
        problem = report.damaged[target]
        if places:
            problem += "; it is " + ", ".join(places[:6]) + \
                (f" and {len(places) - 6} more" if len(places) > 6 else "")
        report.problems.append(problem)


def _reference(connection: object, names: dict[bytes, str], holder_oid: bytes,
               target: bytes, owners: dict[bytes, object]) -> str | None:
    """How `holder_oid` refers to `target` ("slot 'box' of lobby"); None for a change in
    the history."""
    holder = connection.get(holder_oid)  # type: ignore[attr-defined]

    def is_target(value: object) -> bool:
        return getattr(value, "_p_oid", None) == target

    try:
        if isinstance(holder, Change):
            return None
        if isinstance(holder, Map):
            owner = owners.get(holder_oid)
            whose = _name(names, owner) if owner is not None else \
                f"the map {oid_repr(holder_oid)}"
            for name, slot in holder.slots.items():
                if is_target(slot.value):
                    return f"slot '{name}' of {whose}"
            return f"referred to by {whose}"
        whose = _name(names, holder)
        if isinstance(holder, SelfObject):
            if is_target(getattr(holder, "_map", None)):
                return f"the map of {whose}"
            for name, slot in holder._map.slots.items():
                if slot.kind == ASSIGNABLE and is_target(
                        getattr(holder, value_attribute(name), None)):
                    return f"slot '{name}' of {whose}"
            for position, item in enumerate(_items(holder), 1):
                if is_target(item):
                    return f"element {position} of {whose}"
        elif hasattr(holder, "items"):
            for key, value in holder.items():
                if is_target(value):
                    return f"entry {key!r} of {whose}"
        return f"referred to by {whose}"
    except Exception:  # noqa: BLE001 - a holder that does not list its parts
        return f"referred to by {_name(names, holder)}"


def _items(holder: object) -> Iterable[object]:
    items = getattr(holder, "items", None)
    if isinstance(items, list):
        return items
    if isinstance(items, dict):
        return [*items.keys(), *items.values()]
    return []


def _name(names: dict[bytes, str], obj: object) -> str:
    oid = getattr(obj, "_p_oid", None)
    if oid == b"\0" * 8:
        return "the database root"
    if oid in names:
        return names[oid]  # type: ignore[index]
    return type(obj).__name__ + (f" {oid_repr(oid)}" if oid is not None else "")


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
