"""The boundary between Python and selfpy: proxies and the conversion of values.

A `Proxy` is a selfpy object seen from Python: `proxy.x` sends `x`;
`proxy.x = 3` sends `x:`; `proxy.at_put_(1, 2)` and `proxy.send('at:put:', 1, 2)`
send `at:put:`. Each send is a transaction of its own unless it runs inside
`with world.transaction():`.

Values cross in one place: Python → selfpy (`to_selfpy`): numbers and strings
as they are, True/False/None as true/false/nil, lists as selfpy lists, tuples
as vectors, dicts as dictionaries, sets as sets, proxies as the objects they
stand for. selfpy → Python (`to_python`): numbers and strings as they are,
true/false/nil as True/False/None, every other object as a `Proxy`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from ZODB.POSException import POSKeyError

from ..errors import SelfpyError
from ..objects.prototypes import Dictionary, List, SelfObject, Set, Vector
from ..syntax.selector import arity

if TYPE_CHECKING:
    from ..vm.runtime import Runtime


class Host(Protocol):
    """What a proxy needs from the world it came from (`selfpy.World` is one)."""

    @property
    def runtime(self) -> Runtime:
        """The calling thread's runtime."""
        ...

    def call(self, action: Callable[[Runtime], object]) -> object:
        """Run `action(runtime)` as one transaction."""
        ...


def selector_for(name: str) -> str:
    """Python attribute name to selector: `at_put_` → `at:put:`, `size` → `size`."""
    if name.endswith("_") and not name.startswith("_"):
        return name[:-1].replace("_", ":") + ":"
    return name


class Proxy:
    """A selfpy object seen from Python."""

    __slots__ = ("_object", "_runtime", "_world")

    def __init__(self, world: Host, obj: object, runtime: Runtime) -> None:
        object.__setattr__(self, "_world", world)
        object.__setattr__(self, "_object", obj)
        object.__setattr__(self, "_runtime", runtime)

    def _selfpy_object(self) -> object:
        """The object in the calling thread's connection."""
        runtime = self._world.runtime
        if runtime is self._runtime:
            return self._object
        oid = getattr(self._object, "_p_oid", None)
        not_yet = SelfpyError("this object was made in another thread and is not committed "
                              "yet, so this thread cannot see it")
        if oid is None:
            raise not_yet
        try:
            obj = runtime.connection.get(oid)
            obj._p_activate()
        except POSKeyError:
            raise not_yet from None
        return obj

    def send(self, selector: str, *arguments: object) -> object:
        """Send `selector` with `arguments` (converted); answer the converted result."""
        def action(rt: Runtime) -> object:
            receiver = self._selfpy_object()
            if arity(selector) != len(arguments):
                raise SelfpyError(f"#{selector} takes {arity(selector)} arguments, "
                                  f"not {len(arguments)}")
            values = [to_selfpy(a, rt) for a in arguments]
            return to_python(rt.send(receiver, selector, *values), rt, self._world)
        return self._world.call(action)

    def __getattr__(self, name: str) -> object:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        selector = selector_for(name)
        if selector.endswith(":"):
            return lambda *arguments: self.send(selector, *arguments)
        return self.send(selector)

    def __setattr__(self, name: str, value: object) -> None:
        self.send(name + ":", value)

    def __call__(self, *arguments: object) -> object:
        """Evaluate a block: `block(1, 2)` sends `value:value:`."""
        selector = "value" if not arguments else "value:" * len(arguments)
        return self.send(selector, *arguments)

    def __repr__(self) -> str:
        return self._world.call(lambda rt: rt.describe(self._selfpy_object()))

    def __dir__(self) -> list[str]:
        obj = self._selfpy_object()
        if not isinstance(obj, SelfObject):
            return []
        names = []
        for name, slot in obj._map.slots.items():
            names.append(name.replace(":", "_"))
            if slot.kind == "assignable":
                names.append(name + "_")
        return sorted(names)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Proxy):
            return NotImplemented
        if self._object is other._object:
            return True
        oid = getattr(self._object, "_p_oid", None)
        return oid is not None and oid == getattr(other._object, "_p_oid", None)

    def __hash__(self) -> int:
        oid = getattr(self._object, "_p_oid", None)
        return hash(oid) if oid is not None else id(self._object)

    def to_python(self) -> object:
        """A collection as plain Python data (list, dict, set), converted deeply."""
        return self._world.call(lambda rt: to_plain_python(self._selfpy_object(), rt))


_PLAIN = (int, float, str)


def to_selfpy(value: object, rt: Runtime) -> object:
    """A Python value as a selfpy value."""
    if type(value) in _PLAIN:
        return value
    if value is True:
        return rt.true
    if value is False:
        return rt.false
    if value is None:
        return rt.nil
    if isinstance(value, Proxy):
        return value._selfpy_object()
    if isinstance(value, (int, float, str)):  # subclasses (IntEnum, ...) as their base value
        return int(value) if isinstance(value, int) else (
            float(value) if isinstance(value, float) else str(value))
    if isinstance(value, list):
        return _collection(rt, "list", List, [to_selfpy(v, rt) for v in value])
    if isinstance(value, tuple):
        return _collection(rt, "vector", Vector, [to_selfpy(v, rt) for v in value])
    if isinstance(value, dict):
        items = {to_selfpy(k, rt): to_selfpy(v, rt) for k, v in value.items()}
        return _collection(rt, "dictionary", Dictionary, items)
    if isinstance(value, (set, frozenset)):
        return _collection(rt, "set", Set, dict.fromkeys((to_selfpy(v, rt) for v in value), True))
    raise SelfpyError(f"a Python {type(value).__name__} cannot be passed to selfpy "
                      "(numbers, strings, booleans, None, lists, tuples, dicts, sets and "
                      "selfpy proxies can)")


def _collection(rt: Runtime, proto: str, cls: type, items: object) -> object:
    prototype = rt.prototype(proto)
    new = cls(prototype._map)
    new.items = items
    return new


def to_python(value: object, rt: Runtime, world: Host) -> object:
    """A selfpy value as a Python value (a proxy for objects).

    An object handed to Python is reachable, so it becomes persistent: a new
    one is added to the connection and stored with the next commit, which
    makes changes to it transactional and lets other threads see it.
    """
    if type(value) in _PLAIN:
        return value
    if value is rt.true:
        return True
    if value is rt.false:
        return False
    if value is rt.nil:
        return None
    if isinstance(value, SelfObject) and value._p_jar is None and rt.connection is not None:
        rt.connection.add(value)
    return Proxy(world, value, rt)


def to_plain_python(value: object, rt: Runtime) -> object:
    """Deep conversion for `Proxy.to_python()`: collections become lists, dicts and sets."""
    if type(value) in _PLAIN:
        return value
    if value is rt.true or value is rt.false or value is rt.nil:
        return {id(rt.true): True, id(rt.false): False, id(rt.nil): None}[id(value)]
    if type(value) is Set:
        return {to_plain_python(v, rt) for v in value.items}
    if type(value) is Dictionary:
        return {to_plain_python(k, rt): to_plain_python(v, rt) for k, v in value.items.items()}
    if isinstance(value, Vector):
        return [to_plain_python(v, rt) for v in value.items]
    raise SelfpyError(f"{rt.describe(value)} has no plain Python form")
