"""Send sites: each send in compiled code calls its own site function, which
keeps a polymorphic inline cache from receiver map (or Python type) to the
target function, the last target first. The runtime resets every site at
once when a method, a parent or a slot layout changes."""

from __future__ import annotations

from collections.abc import Callable

from ..objects.prototypes import Dictionary, List, SelfObject, Set, Vector

OBJECT_TYPES = frozenset({SelfObject, Vector, List, Dictionary, Set})

_TEMPLATE = """
def make(selector, resolve, object_types, cell, slot_access, plain, SLOT, CALL, EMPTY, EMPTY_CELL):
    cache = {{}}
    last_type = last_map = last_target = last_attribute = None
    def site(r{params}):
        nonlocal last_type, last_map, last_target, last_attribute
        t = type(r)
        if t is last_type and (last_map is None or r._v_map is last_map):
            {fast}
        m = r._map if t in object_types else None
        entry = cache.get(m if m is not None else t)
        if entry is None:
            f, cacheable = resolve(r, selector)
            if not cacheable:
                return f(r{params})
            slot = slot_access(f, selector) if cell is not None and t is plain else None
            entry = cache[m if m is not None else t] = (
                f, getattr(f, "own_attribute", None),
                EMPTY if slot is None else (m, None, None, None, None) if slot is SLOT
                else (None, None, None, m, f) if slot is CALL else (None, m, slot[0], None, None))
        last_target, last_attribute, filled = entry
        last_type = t
        last_map = m
        if cell is not None and filled is not EMPTY:
            if cell[0] is not None or cell[1] is not None or cell[3] is not None:
                cell[5:] = cell[:5]  # the map before: a site that sees two maps by turns
            cell[:5] = filled
        return last_target(r{params})
    def reset():
        nonlocal last_type
        last_type = None
        cache.clear()
        if cell is not None:
            cell[:] = EMPTY_CELL
    site.reset = reset
    site.cell = cell
    return site
"""
# A one-argument send whose target sets the receiver's own slot does it here,
# without the setter's Python frame (the setter answers the receiver).
_FAST = "return last_target(r{params})"
_FAST_SETTER = """if last_attribute is None:
                return last_target(r{params})
            setattr(r, last_attribute, a0)
            return r"""

SLOT = object()  # what slot_access answers for a target that is the receiver's own slot
CALL = object()  # ... for a target that compiled code calls itself (a method, a setter)
EMPTY = (None, None, None, None, None)  # an empty line of a cell: None is no object's map
EMPTY_CELL = EMPTY + EMPTY  # a cell's two lines

_FACTORIES: dict[int, Callable] = {}


def _factory(nargs: int) -> Callable:
    factory = _FACTORIES.get(nargs)
    if factory is None:
        params = "".join(f", a{i}" for i in range(nargs))
        fast = (_FAST_SETTER if nargs == 1 else _FAST).format(params=params)
        namespace: dict = {}
        exec(_TEMPLATE.format(params=params, fast=fast), namespace)  # noqa: S102 - generated from a fixed template
        factory = _FACTORIES[nargs] = namespace["make"]
    return factory


def make_site(selector: str, nargs: int, resolve: Callable,
              slot_access: Callable[[Callable, str], bool] | None = None) -> Callable:
    """A send site for `selector` with `nargs` arguments.

    `resolve(receiver, selector)` answers (target, cacheable); the target is
    called as target(receiver, *arguments). The last target found is tried
    first: same Python type and, for objects, the same map. `site.reset()`
    forgets every target (the runtime calls it on every site when methods,
    parents or layouts change).

    With `slot_access(target, selector)` (SLOT when a target reads or writes
    the receiver's own slot that `selector` names, `(value,)` when it answers a
    constant, CALL for any other target that may be called directly, None for
    none), `site.cell` is `[slot map, constant map, constant, call map, target]`
    for the last plain object whose target may be cached, with the map in the
    place of what the target does and None in the others: while its receiver
    has that map, compiled code reads or writes the slot, takes the constant, or
    calls the target itself, without the site's frame. A map is compared once
    per place, so each kind costs one test more than the one before it (a call
    costs far more than that test anyway). The cell holds the map before too,
    in the same five places after these (`cell[5:]`), tested only when the
    first five miss: a site whose receivers take turns between two maps (`isNil`
    on a list element and on nil, `not` on true and false) keeps both.
    """
    cell = list(EMPTY_CELL) if slot_access is not None else None
    return _factory(nargs)(selector, resolve, OBJECT_TYPES, cell, slot_access, SelfObject, SLOT,
                           CALL, EMPTY, EMPTY_CELL)


def cache_key(receiver: object) -> object:
    """What inline caches key on: the map of an object, else the Python type."""
    t = type(receiver)
    return receiver._map if t in OBJECT_TYPES else t
