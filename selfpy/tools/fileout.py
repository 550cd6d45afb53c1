"""Writing what a user defined in an image as selfpy source.

`fileout` compares the image with a fresh one made by genesis and writes
every difference as `.self` source that `selfpy FILE` loads back into a
fresh image: new lobby slots (objects first created empty, then given their
slots, so objects may refer to each other) and slots added to or changed in
the kernel's objects. Objects no name reaches are written inline as object
literals.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..objects.prototypes import Dictionary, List, SelfObject, Set, Vector
from ..objects.slot import ASSIGNABLE, METHOD, Slot
from ..syntax.selector import header

if TYPE_CHECKING:
    from ..embed.world import World
    from ..vm.runtime import Runtime


def fileout(world: World, directory: str | os.PathLike) -> Path:
    """Write `DIR/image.self`; answer its path."""
    from ..embed.world import World

    rt = world.runtime
    with World() as fresh:
        kernel = _slot_sources(fresh.runtime)
    writer = _Writer(rt)
    lobby = rt.lobby
    user = [name for name in lobby._map.slots if name not in kernel["lobby"]]
    lines = ['"Filed out from a selfpy image. Load it into a fresh image: selfpy FILE."', ""]
    shells = [n for n in user if isinstance(lobby.slot_value(lobby._map.slots[n]), SelfObject)
              and type(lobby.slot_value(lobby._map.slots[n])) is SelfObject]
    for name in shells:
        writer.named[id(lobby.slot_value(lobby._map.slots[name]))] = name
    if shells:
        lines.append("lobby _AddSlots: (|")
        lines.extend(f"    {n}{'*' if lobby._map.slots[n].parent else ''} "
                     f"{'<-' if lobby._map.slots[n].kind == ASSIGNABLE else '='} (| |)."
                     for n in sorted(shells))
        lines.extend(["|).", ""])
    for name in sorted(shells):
        obj = lobby.slot_value(lobby._map.slots[name])
        lines.append(f"{name} _AddSlots: {writer.literal(obj, top=True)}.")
        lines.append("")
    others = sorted(n for n in user if n not in shells)
    if others:
        lines.append("lobby _AddSlots: (|")
        lines.extend(f"    {writer.slot(lobby, lobby._map.slots[n], by_name=False)}."
                     for n in others)
        lines.extend(["|).", ""])
    for label, obj in _kernel_objects(rt):
        before = kernel.get(label, {})
        changed = [slot for name, slot in obj._map.slots.items()
                   if before.get(name) != _source_of(rt, obj, slot)
                   and (label != "lobby" or name in before)]  # new lobby slots: see above
        if changed:
            lines.append(f"{label} _AddSlots: (|")
            lines.extend(f"    {writer.slot(obj, slot)}." for slot in changed)
            lines.extend(["|).", ""])
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    path = target / "image.self"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _kernel_objects(rt: Runtime) -> list[tuple[str, SelfObject]]:
    """The kernel's named objects: traits, unique objects, prototypes, the lobby itself."""
    found = [("lobby", rt.lobby)]
    traits = rt.well_known("traits")
    for name, slot in traits._map.slots.items():
        if isinstance(slot.value, SelfObject) and not slot.parent:
            found.append((f"traits {name}", slot.value))
    for name in ("true", "false", "nil", "vector", "list", "dictionary", "set", "message",
                 "genesis", "pLLM"):
        slot = rt.lobby._map.slots.get(name)
        if slot is not None and isinstance(slot.value, SelfObject):
            found.append((name, slot.value))
    return found


def _slot_sources(rt: Runtime) -> dict[str, dict[str, str]]:
    """For each kernel object, its slots as comparable text."""
    return {label: {name: _source_of(rt, obj, slot) for name, slot in obj._map.slots.items()}
            for label, obj in _kernel_objects(rt)}


def _source_of(rt: Runtime, obj: SelfObject, slot: Slot) -> str:
    if slot.kind == METHOD:
        return "method " + slot.value.source
    value = obj.slot_value(slot)
    name = rt.name_of(value)
    return f"{slot.kind} {slot.parent} {name or type(value).__name__}"


class _Writer:
    """Renders values as selfpy source."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.named: dict[int, str] = {}
        self.active: set[int] = set()

    def literal(self, obj: SelfObject, top: bool = False) -> str:
        slots = [self.slot(obj, slot) for slot in obj._map.slots.values()]
        if not slots:
            return "(| |)"
        inner = ".\n    ".join(slots)
        return f"(|\n    {inner}.\n|)" if top else f"(| {'. '.join(slots)} |)"

    def slot(self, obj: SelfObject, slot: Slot, by_name: bool = True) -> str:
        """One slot as source; by_name=False writes the value itself even if it has a name."""
        if slot.kind == METHOD:
            return f"{header(slot.name, slot.value.arguments)} = {slot.value.source}"
        star = "*" if slot.parent else ""
        op = "<-" if slot.kind == ASSIGNABLE else "="
        return f"{slot.name}{star} {op} {self.value(obj.slot_value(slot), by_name)}"

    def value(self, value: object, by_name: bool = True) -> str:
        rt = self.rt
        if type(value) is int:
            return str(value)
        if type(value) is float:
            return repr(value) if value == value and abs(value) != float("inf") else "nil"
        if type(value) is str:
            return "'" + value.replace("'", "''") + "'"
        if by_name and id(value) in self.named:
            return self.named[id(value)]
        name = rt.name_of(value) if by_name else ""
        if name and not name.startswith(("a ", "an ")):
            return name
        if id(value) in self.active:
            return 'nil "a cycle that fileout cannot write"'
        self.active.add(id(value))
        try:
            if type(value) is Vector:
                return "{" + ". ".join(self.value(v) for v in value.items) + "}"
            if type(value) is List:
                return "(list copy" + "".join(f" add: {self.value(v)};" for v in value.items) + \
                    " yourself)"
            if type(value) is Set:
                return "(set copy" + "".join(f" add: {self.value(v)};" for v in value.items) + \
                    " yourself)"
            if type(value) is Dictionary:
                return "(dictionary copy" + "".join(
                    f" at: {self.value(k)} put: {self.value(v)};" for k, v in value.items.items()
                ) + " yourself)"
            if isinstance(value, SelfObject):
                return self.literal(value)
        finally:
            self.active.discard(id(value))
        return 'nil "a value that fileout cannot write"'
