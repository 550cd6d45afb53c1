"""Syntax tree of selfpy source. Every node knows where it came from (line, column)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

Enter = Callable[["Node"], bool]
"""Asked of each node a walk reaches: whether to walk the nodes inside it too."""


@dataclass(eq=False)
class Node:
    line: int
    column: int

    def children(self) -> Iterator[Node]:
        """The nodes directly inside this one, in source order."""
        for value in vars(self).values():
            if isinstance(value, Node):
                yield value
            elif isinstance(value, list):
                yield from (item for item in value if isinstance(item, Node))

    def declares(self) -> list[str]:
        """The local names this node makes for the nodes inside it (temporaries,
        block parameters, a method's arguments)."""
        return []

    def walk(self, enter: Enter | None = None) -> Iterator[Node]:
        """This node and every node inside it, depth first, in source order.

        With `enter`, a node for which it answers false is answered, but not
        the nodes inside it (a query that stops at blocks or object literals).
        """
        stack: list[Node] = [self]
        while stack:  # a stack of our own: trees may be deeper than Python's recursion
            node = stack.pop()
            yield node
            if enter is None or enter(node):
                stack.extend(reversed(list(node.children())))

    def scoped(self, names: frozenset[str] = frozenset(),
               enter: Enter | None = None) -> Iterator[tuple[Node, frozenset[str]]]:
        """`walk`, with the local names in scope at each node: `names` and what the
        nodes around it declare (so a query can tell a local from a send to self)."""
        stack: list[tuple[Node, frozenset[str]]] = [(self, names)]
        while stack:
            node, local = stack.pop()
            yield node, local
            if enter is not None and not enter(node):
                continue
            declared = node.declares()
            inner = local.union(declared) if declared else local
            stack.extend((child, inner) for child in reversed(list(node.children())))


@dataclass(eq=False)
class Body(Node):
    """Temporaries plus statements: the inside of a method, block, paren or program."""

    temporaries: list[str]
    statements: list[Node]

    def declares(self) -> list[str]:
        return self.temporaries


@dataclass(eq=False)
class Declare(Node):
    """`| a b |` opening a top-level statement: variables from here to the end."""

    names: list[str]


@dataclass(eq=False)
class Return(Node):
    value: Node


@dataclass(eq=False)
class Assign(Node):
    name: str
    value: Node


@dataclass(eq=False)
class Variable(Node):
    """A bare identifier: a local if one is in scope, else a unary send to self."""

    name: str


@dataclass(eq=False)
class Literal(Node):
    value: object


@dataclass(eq=False)
class Send(Node):
    receiver: Node
    selector: str
    arguments: list[Node]


@dataclass(eq=False)
class Message(Node):
    """One part of a cascade: a selector and its arguments (the receiver is the cascade's)."""

    selector: str
    arguments: list[Node]


@dataclass(eq=False)
class Resend(Message):
    """`resend.sel` / `super sel`: a message to self whose lookup starts above the
    method holder."""


@dataclass(eq=False)
class Cascade(Node):
    receiver: Node
    messages: list[Message]


@dataclass(eq=False)
class Block(Node):
    parameters: list[str]
    body: Body

    def declares(self) -> list[str]:
        return self.parameters


@dataclass(eq=False)
class Paren(Node):
    body: Body
    source: str = ""


@dataclass(eq=False)
class BraceArray(Node):
    items: list[Node]


@dataclass(eq=False)
class SlotDef(Node):
    """One slot of an object literal.

    kind is 'constant', 'assignable', 'argument' or 'method'; for methods,
    `value` is the Body and `source` the text of the method as written.
    """

    name: str
    kind: str
    parent: bool = False
    value: Node | None = None
    arguments: list[str] = field(default_factory=list)
    source: str = ""

    def declares(self) -> list[str]:
        return self.arguments


@dataclass(eq=False)
class ObjectLiteral(Node):
    slots: list[SlotDef]
    body: Body
