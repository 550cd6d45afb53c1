"""Compile-time scopes: the Python function being generated and the names it can see."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Function:
    """One Python function being generated (method, block or top-level code)."""

    kind: str  # 'method', 'block' or 'doit'
    parent: Function | None
    nonlocals: set[str] = field(default_factory=set)
    header: int = 0  # index in the output where `nonlocal` goes
    indent: int = 0
    home_used: bool = False
    loops: int = 0  # inlined loops around the code being generated


@dataclass
class Var:
    """A selfpy name and the Python name that holds it."""

    python: str
    function: Function
    argument: bool


class Scope:
    """The names visible at one place: a block's own, then its parent's."""

    def __init__(self, parent: Scope | None, function: Function) -> None:
        self.parent = parent
        self.function = function
        self.vars: dict[str, Var] = {}
