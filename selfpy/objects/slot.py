"""A slot description: name, kind, parent or not, and (constants, methods) its value."""

from __future__ import annotations

CONSTANT = "constant"
ASSIGNABLE = "assignable"
METHOD = "method"


class Slot:
    """One slot of a map. Assignable values live in the object, not here."""

    __slots__ = ("kind", "name", "parent", "value")

    def __init__(self, name: str, kind: str, parent: bool = False, value: object = None) -> None:
        self.name = name
        self.kind = kind
        self.parent = parent
        self.value = value

    def __getstate__(self) -> tuple:
        return (self.name, self.kind, self.parent, self.value)

    def __setstate__(self, state: tuple) -> None:
        self.name, self.kind, self.parent, self.value = state

    def describe(self) -> str:
        star = "*" if self.parent else ""
        op = "<-" if self.kind == ASSIGNABLE else "="
        return f"{self.name}{star} {op}"


def value_attribute(name: str) -> str:
    """The object attribute that holds assignable slot `name`."""
    return "s_" + name
