"""Values crossing between Python and selfpy: the one place that converts them.

Python → selfpy: numbers and strings as they are, True/False/None as
true/false/nil, lists as selfpy lists, tuples as vectors, dicts as
dictionaries, sets as sets, proxies as the objects they stand for.
selfpy → Python: numbers and strings as they are, true/false/nil as
True/False/None, every other object as a `Proxy`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import SelfpyError
from ..objects.prototypes import Dictionary, List, SelfObject, Set, Vector

if TYPE_CHECKING:
    from ..vm.runtime import Runtime
    from .world import World

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
    from .proxy import Proxy

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


def to_python(value: object, rt: Runtime, world: World) -> object:
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
    from .proxy import Proxy

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
