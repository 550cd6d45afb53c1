"""Examples read as input and output: what the finder searches against.

An example is a selfpy expression answering true. The common forms say what
a send should answer for which receiver and arguments:

    R sel = V             (R sel: A) = V         the answer is V
    R sel                 R sel not              the answer is true / false
    (R sel: A) obs = V    (R sel) obs            the answer's `obs` is V (`size`, `first` ...)
    (R sel: A) slot = V                          after the send, R's slot `slot` is V

Each becomes a `Form`: source texts for the receiver, the arguments and the
expected value, which the finder evaluates itself. Examples of other shapes
are still checked by the crucible; they only give the finder nothing to go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ParseError
from ..syntax import nodes as n
from ..syntax.parser import parse_program


@dataclass
class Form:
    """One example as receiver, arguments and what is expected of the answer."""

    text: str  # the example as the user wrote it
    receiver: str  # source of the receiver
    arguments: list[str]  # sources of the arguments
    expected: str | None  # source of the expected value; None for a truth-valued example
    truth: bool = True  # for a truth-valued example: true (`R sel`) or false (`R sel not`)
    observe: list[str] = field(default_factory=list)  # unary sends applied to the answer
    literals: list[object] = field(default_factory=list)  # numbers and strings it mentions


def forms(examples: list[str], selector: str) -> list[Form]:
    """The examples that have a form the finder understands, in order."""
    found = []
    for text in examples:
        form = read(text, selector)
        if form is not None:
            found.append(form)
    return found


def read(text: str, selector: str) -> Form | None:
    """One example as a `Form`, or None when it has another shape."""
    try:
        body = parse_program(text, "<example>")
    except ParseError:
        return None
    if len(body.statements) != 1 or body.temporaries:
        return None
    node = _unwrap(body.statements[0])
    literals = _literals(node)
    try:
        if isinstance(node, n.Send) and node.selector == "=" and len(node.arguments) == 1:
            found = _the_send(node.receiver, selector)
            if found is None:
                return None
            send, observe = found
            return Form(text, unparse(send.receiver), [unparse(a) for a in send.arguments],
                        unparse(node.arguments[0]), observe=observe, literals=literals)
        truth = True
        while isinstance(node, n.Send) and node.selector == "not" and not node.arguments:
            truth = not truth
            node = _unwrap(node.receiver)
        found = _the_send(node, selector)
        if found is not None:
            send, observe = found
            return Form(text, unparse(send.receiver), [unparse(a) for a in send.arguments],
                        None, truth, observe=observe, literals=literals)
    except _Unprintable:
        return None
    return None


def _the_send(node: n.Node, selector: str) -> tuple[n.Send, list[str]] | None:
    """The send of `selector` inside a chain of unary sends: (send, the unary selectors)."""
    observe: list[str] = []
    node = _unwrap(node)
    while isinstance(node, n.Send):
        if node.selector == selector:
            return node, list(reversed(observe))
        if node.arguments:
            return None
        observe.append(node.selector)
        node = _unwrap(node.receiver)
    return None


def _unwrap(node: n.Node) -> n.Node:
    while isinstance(node, n.Paren) and len(node.body.statements) == 1 \
            and not node.body.temporaries:
        node = node.body.statements[0]
    return node


def _literals(node: n.Node) -> list[object]:
    found: list[object] = []
    for inner in node.walk():
        if isinstance(inner, n.Literal) and isinstance(inner.value, int | float | str) \
                and inner.value not in found:
            found.append(inner.value)
    return found


class _Unprintable(Exception):
    """A node `unparse` cannot write back (object literals, cascades, assignments)."""


def unparse(node: n.Node) -> str:
    """selfpy source for an expression node (parenthesized enough to stand anywhere)."""
    if isinstance(node, n.Paren):
        return node.source or f"({body_source(node.body)})"
    if isinstance(node, n.Variable):
        return node.name
    if isinstance(node, n.Literal):
        return literal_source(node.value)
    if isinstance(node, n.BraceArray):
        return "{" + ". ".join(unparse(item) for item in node.items) + "}"
    if isinstance(node, n.Block):
        params = "".join(f":{p} " for p in node.parameters)
        return f"[{params}| {body_source(node.body)}]" if params else \
            f"[{body_source(node.body)}]"
    if isinstance(node, n.Send):
        receiver = unparse(node.receiver)
        if not node.arguments:
            return f"({receiver} {node.selector})"
        if len(node.arguments) == 1 and not node.selector.endswith(":"):
            return f"({receiver} {node.selector} {unparse(node.arguments[0])})"
        parts = node.selector.split(":")[:-1]
        return "(" + receiver + "".join(f" {p}: {unparse(a)}" for p, a in
                                        zip(parts, node.arguments, strict=True)) + ")"
    raise _Unprintable


def body_source(body: n.Body) -> str:
    if body.temporaries:
        raise _Unprintable
    return ". ".join(unparse(s) for s in body.statements)


def literal_source(value: object) -> str:
    """A number or string as selfpy source."""
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)
