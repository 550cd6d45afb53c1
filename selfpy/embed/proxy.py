"""Python stand-ins for selfpy objects, for programs that embed selfpy.

`proxy.x` sends `x`; `proxy.x = 3` sends `x:`; `proxy.at_put_(1, 2)` and
`proxy.send('at:put:', 1, 2)` send `at:put:`. Each send is a transaction of
its own unless it runs inside `with world.transaction():`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ZODB.POSException import POSKeyError

from ..errors import SelfpyError
from ..objects.prototypes import SelfObject

if TYPE_CHECKING:
    from ..vm.runtime import Runtime
    from .world import World


def selector_for(name: str) -> str:
    """Python attribute name to selector: `at_put_` → `at:put:`, `size` → `size`."""
    if name.endswith("_") and not name.startswith("_"):
        return name[:-1].replace("_", ":") + ":"
    return name


class Proxy:
    """A selfpy object seen from Python."""

    __slots__ = ("_object", "_runtime", "_world")

    def __init__(self, world: World, obj: object, runtime: Runtime) -> None:
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
        return self._world._send(self, selector, arguments)

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
        from .conversion import to_plain_python

        return self._world.call(lambda rt: to_plain_python(self._selfpy_object(), rt))
