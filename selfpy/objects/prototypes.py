"""Prototype objects: maps shared by clones, slot values on the object.

As in Self, an object's layout (slot names, kinds, constants, methods,
parents) lives in its map, which clones share; `addSlots:` gives the object
a new map. Assignable slot values are attributes `s_<name>` of the object,
so ZODB sees every change. Everything here is persistent; compiled code is
only ever kept in `_v_` attributes.
"""

from __future__ import annotations

from persistent import Persistent

from .slot import ASSIGNABLE, Slot, value_attribute


class Map(Persistent):
    """The layout of one or more objects. Never changed after creation."""

    def __init__(self, slots: dict[str, Slot]) -> None:
        self.slots = slots
        self.parents = tuple(name for name, slot in slots.items() if slot.parent)
        self.assignable_parents = any(s.parent and s.kind == ASSIGNABLE for s in slots.values())


class SelfObject(Persistent):
    """An object with slots. Subclasses add indexed or hashed storage."""

    # Reading an attribute is Python's own generic lookup, not Persistent's, which
    # encodes every attribute name to bytes first: compiled code reads `_map` and
    # slots on every send, and this makes each read about twice as fast. A ghost
    # (an object not yet loaded from the image) has an empty __dict__, so its first
    # read fails over to __getattr__, which loads it and reads again. Writes still go
    # through Persistent, which records the change for the transaction.
    __getattribute__ = object.__getattribute__

    def __getattr__(self, name: str) -> object:
        if object.__getattribute__(self, "_p_state") < 0:  # a ghost: load its state
            self._p_activate()
            return object.__getattribute__(self, name)
        raise AttributeError(name)

    def __init__(self, map_: Map) -> None:
        self._map = map_

    def clone(self) -> SelfObject:
        """A shallow copy sharing the map (Self's `clone`)."""
        new = self.__class__.__new__(self.__class__)
        new.__setstate__(self.__getstate__())  # a new dict, without `_v_` and `_p_` names
        new._copy_storage()
        return new

    def _copy_storage(self) -> None:
        """Subclasses copy their element storage so clones do not share it."""

    def slot_value(self, slot: Slot) -> object:
        """The value of one of this object's slots."""
        if slot.kind == ASSIGNABLE:
            return getattr(self, value_attribute(slot.name))
        return slot.value

    def parent_objects(self) -> list[object]:
        """Values of the parent slots, in declaration order."""
        slots = self._map.slots
        return [self.slot_value(slots[name]) for name in self._map.parents]


class Vector(SelfObject):
    """Fixed-size indexable object (`vector`)."""

    def __init__(self, map_: Map, items: list | None = None) -> None:
        super().__init__(map_)
        self.items = items if items is not None else []

    def _copy_storage(self) -> None:
        self.items = list(self.items)


class List(Vector):
    """Growable indexable object (`list`)."""


class Dictionary(SelfObject):
    """Key to value mapping (`dictionary`).

    Numbers and strings are keys by value, every other object by identity.
    """

    def __init__(self, map_: Map, items: dict | None = None) -> None:
        super().__init__(map_)
        self.items = items if items is not None else {}

    def _copy_storage(self) -> None:
        self.items = dict(self.items)


class Set(Dictionary):
    """Unordered collection without duplicates (`set`), kept as a dict of element to True."""


class Method(Persistent):
    """A method: its source and metadata. The compiled function is `_v_function`."""

    # None: full rights. A list: the method was installed by `auto` and may change only
    # these slots of its receiver (what its trial showed), see `selfpy.vm.effects.Rights`.
    rights: list[str] | None = None

    def __init__(self, selector: str, arguments: list[str], source: str, filename: str | None,
                 line: int, column: int, kernel: bool = False) -> None:
        self.selector = selector
        self.arguments = list(arguments)
        self.source = source
        self.filename = filename
        self.line = line
        self.column = column
        self.kernel = kernel
        self.provenance: dict = {}


class Block:
    """A closure made by `[ ... ]`. Lives only while the code that made it runs."""

    __slots__ = ("arity", "function")

    def __init__(self, function: object, arity: int) -> None:
        self.function = function
        self.arity = arity

    def __reduce__(self) -> tuple:
        from ..errors import SelfpyError

        raise SelfpyError("a block cannot be stored in the image; keep code in a method slot "
                          "instead (blocks live only while the code that made them runs)")


def make_map(slots: list[Slot]) -> Map:
    """A map from slot descriptions in declaration order."""
    return Map({slot.name: slot for slot in slots})
