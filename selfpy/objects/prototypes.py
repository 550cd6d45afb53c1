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


NOT_LOADED = object()  # the map a ghost shows compiled code (`SelfObject._v_map`)


class Stored:
    """A stored attribute every object of a class has (`_map`, `items`), read from
    an object that is not loaded yet: a ghost, whose `__dict__` is empty until
    ZODB loads it. Loaded objects have the attribute in their `__dict__`, which
    Python reads first, so this runs only for a ghost: it loads it and reads again.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, owner: type | None = None) -> object:
        if obj is None:
            return self
        if obj._p_state < 0:  # type: ignore[attr-defined] # a ghost
            obj._p_activate()  # type: ignore[attr-defined]
            found = obj.__dict__.get(self.name, self)
            if found is not self:
                return found
        raise AttributeError(self.name)


class SelfObject(Persistent):
    """An object with slots. Subclasses add indexed or hashed storage."""

    # Reading an attribute is Python's own generic lookup, not Persistent's, which
    # encodes every attribute name to bytes first, and there is no `__getattr__`:
    # with either, CPython cannot specialise an attribute read, and compiled code
    # reads the map and slots on every send (without them sends are about a fifth
    # faster). A ghost (an object not yet loaded from the image) has an empty
    # __dict__: reading its `_map` loads it (`Stored`). Every read of a slot's
    # value (`s_<name>`) comes after a read of the object's map (a send's guard,
    # lookup, `slot_value`), so no slot is read from a ghost. Writes still go
    # through Persistent, which loads a ghost and records the change.
    __getattribute__ = object.__getattribute__
    _map = Stored()
    # Compiled code and send sites read the map as `_v_map`, a copy ZODB does not
    # store, kept with `_map` by `put_map` and `__setstate__`. A ghost has none and
    # reads this class's NOT_LOADED, which no send site holds, so its guard fails and
    # the send goes the slow way, which reads `_map` and loads it. (A descriptor
    # named `_map` keeps CPython from specialising reads of `_map` itself.)
    _v_map: object = NOT_LOADED
    storage: type | None = None  # what holds the elements of a vector or dictionary

    def __init__(self, map_: Map, items: list | dict | None = None) -> None:
        # a new object is in no connection yet: no change to record (see clone)
        state = self.__dict__
        state["_map"] = state["_v_map"] = map_
        if self.storage is not None:
            state["items"] = items if items is not None else self.storage()

    def put_map(self, map_: Map) -> None:
        """Give the object its map (`layout.reshape` is the one writer of maps)."""
        self._map = map_
        self.__dict__["_v_map"] = map_

    def __setstate__(self, state: dict) -> None:
        Persistent.__setstate__(self, state)
        self.__dict__["_v_map"] = self.__dict__.get("_map", NOT_LOADED)

    def clone(self, items: object = None) -> SelfObject:
        """A shallow copy sharing the map (Self's `clone`); a vector, list,
        dictionary or set holds `items` as its elements, or a copy of this one's."""
        cls = self.__class__
        new = cls.__new__(cls)
        # written straight into the new object's __dict__: it is in no connection
        # yet, so Persistent has no change to record (and this is 2 to 3 times faster)
        state = new.__dict__
        state.update(self.__getstate__())  # loads a ghost; no `_v_` or `_p_` names
        state["_v_map"] = state["_map"]
        if cls.storage is not None:  # its own elements, never this one's
            state["items"] = items if items is not None else cls.storage(state["items"])
        return new

    def slot_value(self, slot: Slot) -> object:
        """The value of one of this object's slots."""
        if slot.kind == ASSIGNABLE:
            return read_slot(self, value_attribute(slot.name))
        return slot.value

    def parent_objects(self) -> list[object]:
        """Values of the parent slots, in declaration order."""
        slots = self._map.slots
        return [self.slot_value(slots[name]) for name in self._map.parents]


class Vector(SelfObject):
    """Fixed-size indexable object (`vector`)."""

    items = Stored()
    storage = list


class List(Vector):
    """Growable indexable object (`list`)."""


class Dictionary(SelfObject):
    """Key to value mapping (`dictionary`).

    Numbers and strings are keys by value, every other object by identity.
    """

    items = Stored()
    storage = dict


class Set(Dictionary):
    """Unordered collection without duplicates (`set`), kept as a dict of element to True."""


def read_slot(holder: SelfObject, attribute: str, *receiver: object) -> object:
    """The value of `holder`'s slot attribute, loading `holder` first if it is a ghost
    (a send target that reads another object's slot may outlive that object's
    state: a rollback or ZODB's cache turns it back into a ghost)."""
    try:
        return getattr(holder, attribute)
    except AttributeError:
        holder._map  # noqa: B018 - loads a ghost
        return getattr(holder, attribute)


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
