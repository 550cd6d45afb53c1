"""Send sites: each send in compiled code calls its own site function, which
keeps a polymorphic inline cache from receiver map (or Python type) to the
target function. The runtime's epoch invalidates every cache at once when a
method, a parent or a slot layout changes."""

from __future__ import annotations

from collections.abc import Callable

from ..objects.prototypes import Dictionary, List, SelfObject, Set, Vector

OBJECT_TYPES = frozenset({SelfObject, Vector, List, Dictionary, Set})

_TEMPLATE = """
def make(selector, resolve, epoch, object_types):
    cache = {{}}
    seen = -1
    last_key = last_target = None
    def site(r{params}):
        nonlocal seen, last_key, last_target
        t = type(r)
        k = r._map if t in object_types else t
        if k is last_key and seen == epoch[0]:
            return last_target(r{params})
        if seen != epoch[0]:
            cache.clear()
            seen = epoch[0]
            last_key = None
        f = cache.get(k)
        if f is None:
            f, cacheable = resolve(r, selector)
            if not cacheable:
                return f(r{params})
            cache[k] = f
        last_key = k
        last_target = f
        return f(r{params})
    return site
"""

_FACTORIES: dict[int, Callable] = {}


def _factory(nargs: int) -> Callable:
    factory = _FACTORIES.get(nargs)
    if factory is None:
        params = "".join(f", a{i}" for i in range(nargs))
        namespace: dict = {}
        exec(_TEMPLATE.format(params=params), namespace)  # noqa: S102 - generated from a fixed template
        factory = _FACTORIES[nargs] = namespace["make"]
    return factory


def make_site(selector: str, nargs: int, resolve: Callable, epoch: list[int]) -> Callable:
    """A send site for `selector` with `nargs` arguments.

    `resolve(receiver, selector)` answers (target, cacheable); the target is
    called as target(receiver, *arguments).
    """
    return _factory(nargs)(selector, resolve, epoch, OBJECT_TYPES)


def cache_key(receiver: object) -> object:
    """What inline caches key on: the map of an object, else the Python type."""
    t = type(receiver)
    return receiver._map if t in OBJECT_TYPES else t
