"""The inliners: control messages and small-integer arithmetic compiled in place.

Each inliner gets the compiler and a send node and either emits Python code
for it (a guarded fast path and an `else:` branch with the real send) and
answers the name that holds the result, or answers None and leaves the send
to the code generator. The guards (`G_BOOL`, `G_INT`, ...) are flags the
runtime clears as soon as the image no longer holds the kernel's own method
for one of the selectors it guards (`names.INLINED_SELECTORS`).
"""

from __future__ import annotations

from itertools import count
from typing import Protocol

from ..syntax import nodes as n
from .captures import literal_block
from .names import (
    ARITHMETIC,
    BLOCK,
    COMPARISONS,
    FALSE,
    G_BITS,
    G_BLOCK,
    G_BOOL,
    G_INT,
    G_STR,
    G_VALUE,
    G_VEC,
    INDEXED,
    NIL,
    NOTBOOLEAN,
    TRUE,
    VMAPS,
    class_of,
)
from .scope import Function, Scope


class Writer(Protocol):
    """What an inliner needs from the code generator."""

    function: Function
    counter: count

    def emit(self, text: str) -> None: ...
    def temp(self) -> str: ...
    def at(self, node: n.Node) -> None: ...
    def site(self, selector: str, nargs: int, kind: str = "send") -> str: ...
    def send(self, selector: str, values: list[str]) -> str: ...
    def expr(self, node: n.Node, scope: Scope) -> str: ...
    def named(self, value: str) -> str: ...
    def is_number(self, value: str) -> str: ...
    def operands(self, nodes: list[n.Node], scope: Scope) -> list[str]: ...
    def inline_block(self, block: n.Block, scope: Scope,
                     params: list[str] | None = None) -> str: ...
    def fallback_block(self, block: n.Node, scope: Scope) -> str: ...
    def x_Block(self, node: n.Block, scope: Scope, inline: bool | None = None) -> str: ...

INT_OPS = dict(zip(ARITHMETIC, ("+", "-", "*", "//", "%", "/"), strict=True))
INT_COMPARE = dict(zip(COMPARISONS, ("<", ">", "<=", ">=", "==", "!="), strict=True))


def _fallback(c: Writer, node: n.Send, scope: Scope, result: str, operands: list[str],
              blocks: list[n.Node]) -> None:
    """The `else:` branch of an inlined send: the real send, with real blocks.

    It runs when a guard fails: the receiver is not what the inline assumed,
    or the image no longer holds the kernel's method for the selector.
    """
    c.emit("else:")
    c.function.indent += 1
    values = [c.fallback_block(block, scope) for block in blocks]
    arguments = operands + values
    c.at(node)
    site = c.site(node.selector, len(arguments) - 1)
    c.emit(f"{result} = {site}({', '.join(arguments)})")
    c.function.indent -= 1


def guarded(c: Writer, cases: list[tuple[str, str]], selector: str,
            arguments: list[str]) -> str:
    """The first fast expression whose guard holds, each case a (guard, fast) pair,
    else the real send (`Writer.send`: an object receiver whose map its site has
    seen is answered in place, as any send's). The result is held in a new
    temporary whose name is answered."""
    result = c.temp()
    for i, (guard, fast) in enumerate(cases):
        c.emit(f"{'elif' if i else 'if'} {guard}:")
        c.function.indent += 1
        c.emit(f"{result} = {fast}")
        c.function.indent -= 1
    c.emit("else:")
    c.function.indent += 1
    c.emit(f"{result} = {c.send(selector, list(arguments))}")
    c.function.indent -= 1
    return result


def guarded_statements(c: Writer, guard: str, fast: list[str], result: str, selector: str,
                       arguments: list[str]) -> None:
    """The statements `fast` while `guard` holds, else `result` = the real send."""
    c.emit(f"if {guard}:")
    c.function.indent += 1
    for line in fast:
        c.emit(line)
    c.function.indent -= 1
    c.emit("else:")
    c.function.indent += 1
    c.emit(f"{result} = {c.send(selector, list(arguments))}")
    c.function.indent -= 1


def _receiver_and_block(c: Writer, node: n.Send,
                        scope: Scope) -> tuple[str, n.Block, str] | None:
    """(receiver's name, the block argument, the result's name) of a send whose one
    argument is a literal block without parameters; None for any other argument."""
    block = node.arguments[0]
    if not literal_block(block, 0):
        return None
    return c.named(c.expr(node.receiver, scope)), block, c.temp()


def _inline_if(c: Writer, node: n.Send, scope: Scope) -> str | None:
    selector = node.selector
    blocks = node.arguments
    if not all(literal_block(b, 0) or _called_block(b) for b in blocks):
        return None
    cond = c.named(c.expr(node.receiver, scope))
    result = c.temp()
    if selector in ("ifTrue:", "ifFalse:"):
        first, second = (TRUE, FALSE) if selector == "ifTrue:" else (FALSE, TRUE)
        arms = [(first, blocks[0]), (second, None)]
    else:
        order = (TRUE, FALSE) if selector == "ifTrue:ifFalse:" else (FALSE, TRUE)
        arms = list(zip(order, blocks, strict=True))
    c.emit(f"if {cond} is {arms[0][0]} and {G_BOOL}:")
    _arm(c, arms[0][1], scope, result)
    c.emit(f"elif {cond} is {arms[1][0]} and {G_BOOL}:")
    _arm(c, arms[1][1], scope, result)
    _fallback(c, node, scope, result, [cond], blocks)
    return result


def _called_block(node: n.Node) -> bool:
    """A literal block without parameters that cannot be inlined (a nested block
    captures its temporaries, which must be fresh each time it runs): the arm
    makes it and calls its function directly, without a send."""
    return isinstance(node, n.Block) and not node.parameters


def _arm(c: Writer, block: n.Block | None, scope: Scope, result: str) -> None:
    c.function.indent += 1
    if block is None:
        c.emit(f"{result} = {NIL}")
    elif literal_block(block, 0):
        value = c.inline_block(block, scope)
        c.emit(f"{result} = {value}")
    else:
        made = c.x_Block(block, scope, inline=True)
        c.emit(f"{result} = {made}.function()")
    c.function.indent -= 1


def _inline_and_or(c: Writer, node: n.Send, scope: Scope) -> str | None:
    parts = _receiver_and_block(c, node, scope)
    if parts is None:
        return None
    cond, block, result = parts
    evaluate, short = (TRUE, FALSE) if node.selector == "and:" else (FALSE, TRUE)
    c.emit(f"if {cond} is {evaluate} and {G_BOOL}:")
    _arm(c, block, scope, result)
    c.emit(f"elif {cond} is {short} and {G_BOOL}:")
    c.function.indent += 1
    c.emit(f"{result} = {short}")
    c.function.indent -= 1
    _fallback(c, node, scope, result, [cond], [block])
    return result


def _inline_while(c: Writer, node: n.Send, scope: Scope) -> str | None:
    selector = node.selector
    receiver = node.receiver
    body = node.arguments[0] if node.arguments else None
    if not literal_block(receiver, 0) or (body is not None and not literal_block(body, 0)):
        return None
    stop = FALSE if selector.startswith("whileTrue") else TRUE
    go = TRUE if stop == FALSE else FALSE
    result = c.temp()
    c.emit(f"if {G_BLOCK}:")
    c.function.indent += 1
    c.emit(f"{result} = {NIL}")
    c.emit("while True:")
    c.function.indent += 1
    cond = c.named(c.inline_block(receiver, scope))
    c.at(node)
    c.emit(f"if {cond} is not {go}:")
    c.function.indent += 1
    c.emit(f"if {cond} is {stop}: break")
    c.emit(f"{NOTBOOLEAN}({cond}, {selector!r})")
    c.function.indent -= 1
    if body is not None:
        c.inline_block(body, scope)
    c.function.indent -= 2
    _fallback(c, node, scope, result, [], [receiver] + ([body] if body is not None else []))
    return result


def _inline_to_do(c: Writer, node: n.Send, scope: Scope) -> str | None:
    """`a to: b do: [:i | ...]` and `a to: b by: s do: [...]` as a Python range loop.

    A step that is not a literal is checked when the loop starts: a non-zero
    int loops here, anything else sends (the kernel method says what is wrong).
    """
    block = node.arguments[-1]
    called = not literal_block(block, 1)  # its temporaries must be fresh each time
    if called and not (isinstance(block, n.Block) and len(block.parameters) == 1):
        return None
    step: int | str = 1
    literal_step = True
    if node.selector == "to:by:do:":
        literal = node.arguments[1]
        if isinstance(literal, n.Literal) and type(literal.value) is int and literal.value:
            step = literal.value
        elif isinstance(literal, n.Literal):
            return None  # a literal zero or non-integer step: the kernel method's error
        else:
            literal_step = False
    sources = [node.receiver, node.arguments[0]] + ([] if literal_step else [node.arguments[1]])
    values = [c.named(v) for v in c.operands(sources, scope)]
    start, stop = values[0], values[1]
    checks = f"{G_INT} and {class_of(start)} is int and {class_of(stop)} is int"
    if literal_step:
        bound = f"{stop} + 1" if step > 0 else f"{stop} - 1"  # type: ignore[operator]
    else:
        step = values[2]
        checks += f" and {class_of(step)} is int and {step}"
        bound = f"{stop} + (1 if {step} > 0 else -1)"
    var = f"v_{block.parameters[0]}_{next(c.counter)}"
    result = c.temp()
    c.emit(f"if {checks}:")
    c.function.indent += 1
    c.emit(f"{result} = {start}")
    function = f"{c.x_Block(block, scope, inline=True)}.function" if called else None
    c.emit(f"for {var} in range({start}, {bound}, {step}):")
    c.function.indent += 1
    if function is None:
        c.inline_block(block, scope, [var])
    else:
        c.emit(f"{function}({var})")
    c.function.indent -= 2
    operands = [start, stop] + ([str(step) if literal_step else step]
                                if node.selector == "to:by:do:" else [])
    _fallback(c, node, scope, result, operands, [block])
    return result


def _inline_times_repeat(c: Writer, node: n.Send, scope: Scope) -> str | None:
    parts = _receiver_and_block(c, node, scope)
    if parts is None:
        return None
    count, block, result = parts
    c.emit(f"if {G_INT} and {class_of(count)} is int:")
    c.function.indent += 1
    c.emit(f"{result} = {count}")
    c.emit(f"for _ in range({count}):")
    c.function.indent += 1
    c.inline_block(block, scope)
    c.function.indent -= 2
    _fallback(c, node, scope, result, [count], [block])
    return result


def _number_literal(node: n.Node) -> bool:
    return isinstance(node, n.Literal) and type(node.value) in (int, float)


_BIG = 1 << 62  # an inlined product this big or bigger goes through the send instead


def _inline_arithmetic(c: Writer, node: n.Send, scope: Scope) -> str | None:
    """Numbers (ints and floats) compute natively; any other receiver sends.

    `/` is native only when a float is involved (ints divide exactly), `//`
    and `\\` only by a non-zero divisor (the send raises the selfpy error). A
    product is taken only while it is small: a bigger one is made again by the
    send, which checks the integer size limit (a product of two numbers within
    the limit is at most twice its size, so making it first is harmless).
    """
    selector = node.selector
    left, right = c.operands([node.receiver, node.arguments[0]], scope)
    operands = list(dict.fromkeys(  # `x * x`: x once
        v for v, src in ((left, node.receiver), (right, node.arguments[0]))
        if not _number_literal(src)))
    if selector == "*":
        return _inline_product(c, node, left, right, operands)
    checks = [c.is_number(v) for v in operands]
    divisor = node.arguments[0]
    if selector in ("//", "\\\\", "/") and not (_number_literal(divisor) and divisor.value):
        checks.append(f"{right}")
    if selector == "/":
        floats = [src for src in (node.receiver, divisor)
                  if isinstance(src, n.Literal) and type(src.value) is float]
        if not floats:
            checks.append(f"({class_of(left)} is float or {class_of(right)} is float)")
    guard = " and ".join([G_INT] + checks)
    c.at(node)
    if selector in INT_OPS:
        fast = f"{left} {INT_OPS[selector]} {right}"
    else:
        fast = f"{TRUE} if {left} {INT_COMPARE[selector]} {right} else {FALSE}"
    if selector in ("=", "~="):
        # strings compare natively too (their `=` is the kernel's, guarded by G_STR)
        guard += f" or {G_STR} and {class_of(left)} is str and {class_of(right)} is str"
    return guarded(c, [(guard, fast)], selector, [left, right])


def _inline_product(c: Writer, node: n.Send, left: str, right: str, operands: list[str]) -> str:
    """`a * b` natively: floats as they are, ints while the product is below 2^62
    (a bigger one is made again by the send, which checks the integer size limit;
    two factors within the limit make at most twice its size, so that is harmless).

    Two ints and two floats are tested apart, each with its own cheap tests (ints
    first: most products in most programs are of ints, and a float product pays
    two failed tests of about 5 ns); an int times a float (both variables) goes
    through the send. With a float literal the product is a float whatever the
    other number is.
    """
    c.at(node)
    if any(isinstance(src, n.Literal) and type(src.value) is float
           for src in (node.receiver, node.arguments[0])):
        checks = [c.is_number(v) for v in operands]
        return guarded(c, [(" and ".join([G_INT] + checks), f"{left} * {right}")], "*",
                       [left, right])
    product = c.temp()
    floats = " and ".join([G_INT] + [f"{class_of(v)} is float" for v in operands])
    ints = " and ".join([G_INT] + [f"{class_of(v)} is int" for v in operands]
                        + [f"-{_BIG} < ({product} := {left} * {right}) < {_BIG}"])
    return guarded(c, [(ints, product), (floats, f"{left} * {right}")], "*", [left, right])


# exactly the kernel's methods (`abs = ( self < 0 ifTrue: [self negated] ifFalse: [self] )`,
# `negated = ( 0 - self )`), so -0.0 and nan come out as they do there
_NUMBER_UNARY = {"abs": "(0 - {0}) if {0} < 0 else {0}", "negated": "0 - {0}"}


def _inline_number_unary(c: Writer, node: n.Send, scope: Scope) -> str | None:
    """`x abs`, `x negated` on a number compute natively; any other receiver sends."""
    receiver = c.named(c.expr(node.receiver, scope))
    c.at(node)
    fast = _NUMBER_UNARY[node.selector].format(receiver)
    return guarded(c, [(f"{G_INT} and {c.is_number(receiver)}", fast)], node.selector,
                   [receiver])


_BITS = {"bitAnd:": "&", "bitOr:": "|", "bitXor:": "^"}


def _inline_bits(c: Writer, node: n.Send, scope: Scope) -> str | None:
    """`a bitAnd: b` (`bitOr:`, `bitXor:`) of two integers computes natively."""
    left, right = (c.named(v) for v in c.operands([node.receiver] + node.arguments, scope))
    c.at(node)
    guard = f"{G_BITS} and {class_of(left)} is int and {class_of(right)} is int"
    return guarded(c, [(guard, f"{left} {_BITS[node.selector]} {right}")], node.selector,
                   [left, right])


def _inline_not(c: Writer, node: n.Send, scope: Scope) -> str | None:
    """`b not` of true or false is the other one."""
    receiver = c.named(c.expr(node.receiver, scope))
    c.at(node)
    return guarded(c, [(f"{receiver} is {TRUE} and {G_BOOL}", FALSE),
                       (f"{receiver} is {FALSE} and {G_BOOL}", TRUE)], "not", [receiver])


def _inline_value(c: Writer, node: n.Send, scope: Scope) -> str | None:
    """`aBlock value: x` calls the block's function directly (no send, no primitive)."""
    values = c.operands([node.receiver] + node.arguments, scope)
    receiver = c.named(values[0])
    arguments = values[1:]
    c.at(node)
    guard = (f"{G_VALUE} and {class_of(receiver)} is {BLOCK} "
             f"and {receiver}.arity == {len(arguments)}")
    fast = f"{receiver}.function({', '.join(arguments)})"
    return guarded(c, [(guard, fast)], node.selector, [receiver] + arguments)


def _inline_size(c: Writer, node: n.Send, scope: Scope) -> str | None:
    """`v size` of a vector, a list or a string is its length."""
    receiver = c.named(c.expr(node.receiver, scope))
    c.at(node)
    vector = (f"{G_VEC} and {class_of(receiver)} in {INDEXED} "
              f"and {receiver}._v_map in {VMAPS}")
    string = f"{G_STR} and {class_of(receiver)} is str"
    return guarded(c, [(vector, f"len({receiver}.items)"), (string, f"len({receiver})")],
                   "size", [receiver])


def _inline_at(c: Writer, node: n.Send, scope: Scope) -> str | None:
    values = c.operands([node.receiver] + node.arguments, scope)
    literal = node.arguments[0]
    receiver = c.named(values[0])
    c.at(node)
    items = c.temp()
    if isinstance(literal, n.Literal) and type(literal.value) is int and 0 < literal.value:
        # `shapes at: 2`: the index is known to be a positive integer, and its offset too
        index, checked, offset = str(literal.value), "", str(literal.value - 1)
    else:
        index = c.named(values[1])
        checked, offset = f"{class_of(index)} is int and 0 < ", f"{index} - 1"
    guard = (f"{G_VEC} and {class_of(receiver)} in {INDEXED} and {receiver}._v_map in {VMAPS} "
             f"and {checked}{index} <= len({items} := {receiver}.items)")
    if node.selector == "at:":
        # a string answers its one-character string, as the kernel's `at:` does
        string = (f"{G_STR} and {class_of(receiver)} is str "
                  f"and {checked}{index} <= len({receiver})")
        return guarded(c, [(guard, f"{items}[{offset}]"), (string, f"{receiver}[{offset}]")],
                       "at:", [receiver, index])
    value = values[2]
    result = c.temp()
    # any other receiver answers what its own at:put: answers
    guarded_statements(c, guard, [f"{items}[{offset}] = {result} = {value}",
                                  f"{receiver}._p_changed = True"],
                       result, "at:put:", [receiver, index, value])
    return result


INLINERS = {
    "ifTrue:": _inline_if, "ifFalse:": _inline_if, "ifTrue:ifFalse:": _inline_if,
    "ifFalse:ifTrue:": _inline_if, "and:": _inline_and_or, "or:": _inline_and_or,
    "whileTrue:": _inline_while, "whileFalse:": _inline_while, "whileTrue": _inline_while,
    "whileFalse": _inline_while, "to:do:": _inline_to_do, "to:by:do:": _inline_to_do,
    "timesRepeat:": _inline_times_repeat, "at:": _inline_at, "at:put:": _inline_at,
    "value": _inline_value, "value:": _inline_value, "value:value:": _inline_value,
    "value:value:value:": _inline_value, "abs": _inline_number_unary,
    "negated": _inline_number_unary, "not": _inline_not, "bitAnd:": _inline_bits,
    "bitOr:": _inline_bits, "bitXor:": _inline_bits, "size": _inline_size,
}
INLINERS.update({op: _inline_arithmetic for op in list(INT_OPS) + list(INT_COMPARE)})
