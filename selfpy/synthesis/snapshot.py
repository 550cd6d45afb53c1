"""Shallow snapshots of the objects a trial run may change, to undo what a savepoint cannot.

A savepoint rolls back only objects the database already knows. A receiver
made in the running transaction (`account clone` in the line that sends the
missing message) is not one of them, so a trial that changes it must put
its slots and elements back itself.
"""

from __future__ import annotations

from ..objects.prototypes import Dictionary, List, SelfObject, Set, Vector
from ..objects.slot import value_attribute

MUTABLE = (SelfObject, Vector, List, Dictionary, Set)


def take(value: object) -> object:
    """The slot values (and elements) of `value` as they are now."""
    activate = getattr(value, "_p_activate", None)
    if activate is not None:
        activate()  # a ghost (after a rollback) has its state loaded first
    state: dict = {name: item for name, item in vars(value).items()
                   if name.startswith(value_attribute(""))}
    if type(value) in (Vector, List):
        state["<items>"] = list(value.items)  # type: ignore[attr-defined]
    elif type(value) in (Dictionary, Set):
        state["<items>"] = dict(value.items)  # type: ignore[attr-defined]
    return state


def changed(value: object, state: object) -> bool:
    return take(value) != state


def restore(value: object, state: dict) -> None:
    """Put back what `take` saw (slots added since stay, with their old values gone)."""
    for name, item in state.items():
        if name == "<items>":
            value.items = type(item)(item)  # type: ignore[attr-defined]
        else:
            setattr(value, name, item)
