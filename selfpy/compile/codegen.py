"""Syntax tree to Python code, compiled in memory.

A method becomes a Python function `(self, *arguments)`, a block a nested
function (a Python closure), top-level code a generator that yields after
each statement so the caller can commit it. Every send goes through a send
site with an inline cache (`selfpy.sites`). The control messages
(`ifTrue:ifFalse:` and friends, `whileTrue:`, `to:do:`, `timesRepeat:`,
`and:`, `or:`) and small-integer arithmetic are inlined when their block
arguments are literal, guarded at run time by flags the runtime clears as
soon as the image no longer holds the kernel's own methods for them.
"""

from __future__ import annotations

import itertools
import linecache
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import ParseError
from ..syntax import nodes as n
from ..syntax.selector import is_primitive
from .backtrace import CodeInfo, register

PSEUDO = {"self": "self", "true": "TRUE", "false": "FALSE", "nil": "NIL"}
_INT_OPS = {"+": "+", "-": "-", "*": "*", "//": "//", "\\\\": "%", "/": "/"}
_INT_COMPARE = {"<": "<", ">": ">", "<=": "<=", ">=": ">=", "=": "==", "~=": "!="}
_units = itertools.count()
MAX_INDENT = 90
"""Python's tokenizer allows 100 levels of indentation; nested blocks and inlined
control messages each take one or two, so deeper code is a compile error (with
its position) instead of a crash in the host compiler."""
CHAIN = 32  # a chain of sends longer than this is compiled in a loop, not by recursion


@dataclass
class _Function:
    """One Python function being generated (method, block or top-level code)."""

    kind: str  # 'method', 'block' or 'doit'
    parent: _Function | None
    nonlocals: set[str] = field(default_factory=set)
    header: int = 0  # index in the output where `nonlocal` goes
    indent: int = 0
    home_used: bool = False


@dataclass
class _Var:
    python: str
    function: _Function
    argument: bool


class _Scope:
    def __init__(self, parent: _Scope | None, function: _Function) -> None:
        self.parent = parent
        self.function = function
        self.vars: dict[str, _Var] = {}


class CompileError(ParseError):
    """Source that parses but cannot be compiled (assignment to an argument, ...)."""


class Compiler:
    """Compiles one unit (a method or one piece of top-level code)."""

    def __init__(self, primitives: dict[str, str], filename: str | None, source_lines: list[str],
                 label: str) -> None:
        self.primitives = primitives
        self.filename = filename
        self.source_lines = source_lines
        self.label = label
        self.out: list[tuple[int, str, tuple[int, int]]] = []
        self.constants: list[object] = []
        self.sites: list[tuple[str, int, str]] = []  # (selector, nargs, kind)
        self.counter = itertools.count()
        self.line = 1
        self.column = 1
        self.function: _Function | None = None
        self.workspace: dict | None = None  # the REPL's variables, when compiling its input
        # Python names of inlined loop parameters: a real block made inside the loop
        # takes each one's value of that iteration as a default argument, which is
        # what a fresh binding per iteration means (parameters are never assigned)
        self.loop_parameters: set[str] = set()

    # ---- output helpers -------------------------------------------------
    def emit(self, text: str) -> None:
        if self.function.indent > MAX_INDENT:
            raise self.fail("blocks and control messages nest too deeply to compile "
                            f"(at most about {MAX_INDENT // 2} levels inside one method)",
                            n.Node(self.line, self.column))
        self.out.append((self.function.indent, text, (self.line, self.column)))

    def temp(self) -> str:
        return f"_t{next(self.counter)}"

    def constant(self, value: object) -> str:
        for i, existing in enumerate(self.constants):
            if existing is value:
                return f"K{i}"
        self.constants.append(value)
        return f"K{len(self.constants) - 1}"

    def site(self, selector: str, nargs: int, kind: str = "send") -> str:
        self.sites.append((selector, nargs, kind))
        return f"S{len(self.sites) - 1}"

    def at(self, node: n.Node) -> None:
        self.line, self.column = node.line, node.column

    def fail(self, message: str, node: n.Node) -> CompileError:
        lines = self.source_lines
        text = lines[node.line - 1] if 0 < node.line <= len(lines) else ""
        return CompileError(message, filename=self.filename, line=node.line, column=node.column,
                            source_line=text)

    # ---- units --------------------------------------------------------------
    def method(self, arguments: list[str], body: n.Body,
               has_method: bool) -> tuple[str, list[tuple[int, int]]]:
        """Python source of a factory whose result is the method function."""
        self.function = _Function("method", None, indent=2)
        scope = _Scope(None, self.function)
        params = []
        for name in arguments:
            scope.vars[name] = _Var("v_" + name, self.function, True)
            params.append("v_" + name)
        self.has_method = has_method
        self.function.header = len(self.out)
        value = self.body(body, scope, declare=True)
        if value is not None:
            self.emit(f"return {value}")
        return self.wrap("def __unit(self" + "".join(", " + p for p in params) + "):")

    def doit(self, body: n.Body) -> tuple[str, list[tuple[int, int]]]:
        """Python source of a factory whose result is a generator function over statements."""
        self.function = _Function("doit", None, indent=2)
        scope = _Scope(None, self.function)
        self.has_method = False
        self.function.header = len(self.out)
        self.declare(body.temporaries, scope)
        for statement in body.statements:
            if isinstance(statement, n.Declare):
                self.declare_top(statement, scope)
                continue
            value = self.statement(statement, scope)
            if value is None:
                break
            self.emit(f"yield {value}")
        self.emit("return")
        self.emit("yield")
        return self.wrap("def __unit(self):")

    def wrap(self, header: str) -> tuple[str, list[tuple[int, int]]]:
        function = self.function
        body = self.out
        here = (self.line, self.column)
        if function.home_used:
            # the home is made only when a block that can return from it is made
            # (see x_Block): inlined control flow returns directly and never needs one
            body = ([(2, "_home = None", here), (2, "try:", here)]
                    + [(i + 1, t, ln) for i, t, ln in body]
                    + [(2, "except NLR as _e:", here),
                       (3, "if _e.home is not _home: raise", here),
                       (3, "return _e.value", here),
                       (2, "finally:", here),
                       (3, "if _home is not None: _home.alive = False", here)])
        names = ", ".join([f"K{i}" for i in range(len(self.constants))]
                          + [f"S{i}" for i in range(len(self.sites))]
                          + [f"M{i}" for i, (_, _, kind) in enumerate(self.sites)
                             if kind == "slot"])
        lines = [(0, f"def __factory({names}):", (0, 0)), (1, header, (0, 0))] + body
        lines.append((1, "return __unit", (0, 0)))
        return "\n".join("    " * indent + text for indent, text, _ in lines) + "\n", [
            ln for _, _, ln in lines]

    # ---- scopes -------------------------------------------------------------
    def declare(self, names: list[str], scope: _Scope) -> None:
        for name in names:
            python = f"v_{name}_{next(self.counter)}" if scope.function.kind != "method" or \
                scope.parent is not None else "v_" + name
            if name in PSEUDO:
                raise self.fail(f"'{name}' is a reserved word and cannot be declared", n.Node(
                    self.line, self.column))
            scope.vars[name] = _Var(python, scope.function, False)
            self.emit(f"{python} = NIL")

    def declare_top(self, node: n.Declare, scope: _Scope) -> None:
        """`| a b |` opening a top-level statement: locals of the script from here on,
        or, at the REPL, variables of the session (its workspace)."""
        self.at(node)
        if self.workspace is None:
            self.declare(node.names, scope)
            return
        for name in node.names:
            if name in PSEUDO:
                raise self.fail(f"'{name}' is a reserved word and cannot be declared", node)
            scope.vars.pop(name, None)
            self.workspace.setdefault(name, None)
            self.emit(f"{self.constant(self.workspace)}[{name!r}] = NIL")

    def resolve(self, name: str, scope: _Scope) -> _Var | None:
        while scope is not None:
            var = scope.vars.get(name)
            if var is not None:
                return var
            scope = scope.parent
        return None

    # ---- bodies and statements -------------------------------------------------
    def body(self, body: n.Body, scope: _Scope, declare: bool = False) -> str | None:
        """Emit the statements; answer the expression holding the last value.

        None means control never falls off the end (the last statement returned).
        """
        if declare:
            self.declare(body.temporaries, scope)
        else:
            scope = _Scope(scope, scope.function)
            self.declare(body.temporaries, scope)
        value = "NIL" if self.function.kind == "block" or not declare else "self"
        for statement in body.statements:
            value = self.statement(statement, scope)
            if value is None:
                return None
        return value

    def statement(self, node: n.Node, scope: _Scope) -> str | None:
        self.at(node)
        if isinstance(node, n.Return):
            value = self.expr(node.value, scope)
            self.at(node)
            if self.function.kind in ("method", "doit"):
                self.emit(f"return {value}")
            else:
                self.home_function().home_used = True
                self.emit(f"NONLOCAL(_home, {value})")
            return None
        return self.expr(node, scope)

    def home_function(self) -> _Function:
        f = self.function
        while f.parent is not None:
            f = f.parent
        return f

    # ---- expressions ------------------------------------------------------------
    def expr(self, node: n.Node, scope: _Scope) -> str:
        if self.known:
            known = self.known.pop(id(node), None)
            if known is not None:
                return known
        if type(node) is n.Send and type(node.receiver) is n.Send:
            self.chain(node, scope)
        self.at(node)
        method = getattr(self, "x_" + type(node).__name__)
        return method(node, scope)

    known: dict[int, str] | None = None  # values of chain links compiled ahead

    def chain(self, node: n.Send, scope: _Scope) -> None:
        """Compile the receivers of a long chain of sends (`1 + 1 + ...`) inside out, in
        a loop, so its length never deepens the Python stack."""
        spine = []
        link = node.receiver
        while type(link) is n.Send and not (self.known and id(link) in self.known):
            spine.append(link)
            link = link.receiver
        if len(spine) <= CHAIN:
            return
        if self.known is None:
            self.known = {}
        saved, self.inline_ok = self.inline_ok, False  # plain sends: Python compiles them fast
        for link in reversed(spine):
            self.known[id(link)] = self.expr(link, scope)
        self.inline_ok = saved

    def x_Literal(self, node: n.Literal, scope: _Scope) -> str:
        value = node.value
        if isinstance(value, int) or (isinstance(value, float) and value == value
                                      and value not in (float("inf"), float("-inf"))):
            return repr(value)
        if isinstance(value, str):
            return repr(sys.intern(value)) if len(value) < 64 else self.constant(value)
        return self.constant(value)

    def x_Variable(self, node: n.Variable, scope: _Scope) -> str:
        if node.name in PSEUDO:
            return PSEUDO[node.name]
        var = self.resolve(node.name, scope)
        if var is not None:
            return var.python
        if is_primitive(node.name):
            return self.primitive(n.Send(node.line, node.column, n.Variable(
                node.line, node.column, "self"), node.name, []), scope)
        if self.workspace is not None and node.name in self.workspace:
            result = self.temp()
            self.emit(f"{result} = {self.constant(self.workspace)}[{node.name!r}]")
            return result
        return self.slot_send(node.name, ["self"])

    def x_Assign(self, node: n.Assign, scope: _Scope) -> str:
        var = self.resolve(node.name, scope)
        if var is None and self.workspace is not None:
            value = self.expr(node.value, scope)
            self.at(node)
            self.workspace.setdefault(node.name, None)
            self.emit(f"{self.constant(self.workspace)}[{node.name!r}] = {value}")
            return value
        if var is None:
            raise self.fail(f"'{node.name}' is not a local variable; declare it with "
                            f"'| {node.name} |', or send '{node.name}: value' to set a slot", node)
        if var.argument:
            raise self.fail(f"cannot assign to argument '{node.name}'", node)
        value = self.expr(node.value, scope)
        if var.function is not self.function:
            self.function.nonlocals.add(var.python)
        self.at(node)
        self.emit(f"{var.python} = {value}")
        return var.python

    def operands(self, nodes: list[n.Node], scope: _Scope) -> list[str]:
        """Evaluate left to right; snapshot locals a later assignment could change."""
        values = []
        assigned_later: list[bool] | None = None  # [i]: does an operand after i assign?
        for i, node in enumerate(nodes):
            value = self.expr(node, scope)
            if value.startswith("v_") and assigned_later is None:
                assigned_later = [False] * len(nodes)
                flag = False
                for j in range(len(nodes) - 1, 0, -1):
                    flag = flag or _assigns(nodes[j])
                    assigned_later[j - 1] = flag
            if value.startswith("v_") and assigned_later[i]:
                snapshot = self.temp()
                self.emit(f"{snapshot} = {value}")
                value = snapshot
            values.append(value)
        return values

    def x_Send(self, node: n.Send, scope: _Scope) -> str:
        if is_primitive(node.selector):
            return self.primitive(node, scope)
        inliner = _INLINERS.get(node.selector)
        if inliner is not None and self.inline_ok:
            result = inliner(self, node, scope)
            if result is not None:
                return result
        values = self.operands([node.receiver] + node.arguments, scope)
        self.at(node)
        if _slot_selector(node.selector):
            return self.slot_send(node.selector, values)
        site = self.site(node.selector, len(node.arguments))
        result = self.temp()
        self.emit(f"{result} = {site}({', '.join(values)})")
        return result

    inline_ok = True

    def slot_send(self, selector: str, values: list[str]) -> str:
        """A unary or one-keyword send that may read or write the receiver's own slot.

        While the receiver has the map the site last found to hold that slot
        (`M<i>[0]`, kept by the site and cleared whenever anything changes),
        the slot's attribute is read or written right here, or the constant the
        target answers (`M<i>[1]`) is taken; else it is a send.
        """
        index = len(self.sites)
        site = self.site(selector, len(values) - 1, "slot")
        receiver = self.named(values[0])
        attribute = "s_" + selector.rstrip(":")
        # an empty cell (a method, not a slot) fails at the first test
        guard = (f"M{index}[0] is not None and type({receiver}) is OBJ "
                 f"and {receiver}._map is M{index}[0]")
        result = self.temp()
        if len(values) == 1:  # the slot's value, or the constant the target answers
            self.emit(f"{result} = ({receiver}.{attribute} if M{index}[1] is SLOT else "
                      f"M{index}[1]) if {guard} else {site}({receiver})")
            return result
        self.emit(f"if {guard}:")
        self.function.indent += 1
        self.emit(f"{receiver}.{attribute} = {values[1]}")
        self.emit(f"{result} = {receiver}")
        self.function.indent -= 1
        self.emit("else:")
        self.function.indent += 1
        self.emit(f"{result} = {site}({receiver}, {values[1]})")
        self.function.indent -= 1
        return result

    def primitive(self, node: n.Send, scope: _Scope) -> str:
        python = self.primitives.get(node.selector)
        if python is None:
            raise self.fail(f"unknown primitive '{node.selector}'", node)
        values = self.operands([node.receiver] + node.arguments, scope)
        self.at(node)
        result = self.temp()
        self.emit(f"{result} = {python}({', '.join(values)})")
        return result

    def x_Resend(self, node: n.Resend, scope: _Scope) -> str:
        if not self.has_method:
            raise self.fail("'resend' can only be used inside a method", node)
        values = self.operands(node.arguments, scope)
        self.at(node)
        site = self.site(node.selector, len(node.arguments), "resend")
        result = self.temp()
        self.emit(f"{result} = {site}({', '.join(['self'] + values)})")
        return result

    def x_Cascade(self, node: n.Cascade, scope: _Scope) -> str:
        receiver = self.expr(node.receiver, scope)
        if not receiver.startswith("_t"):
            held = self.temp()
            self.emit(f"{held} = {receiver}")
            receiver = held
        result = "NIL"
        for message in node.messages:
            if is_primitive(message.selector):
                raise self.fail("primitives cannot be cascaded", message)
            values = self.operands(message.arguments, scope)
            self.at(message)
            site = self.site(message.selector, len(message.arguments))
            result = self.temp()
            self.emit(f"{result} = {site}({', '.join([receiver] + values)})")
        return result

    def x_Paren(self, node: n.Paren, scope: _Scope) -> str:
        value = self.body(node.body, scope)
        if value is None:  # the paren returned; later code is unreachable
            return "NIL"
        return value

    def x_BraceArray(self, node: n.BraceArray, scope: _Scope) -> str:
        values = self.operands(node.items, scope)
        result = self.temp()
        self.emit(f"{result} = MKVEC([{', '.join(values)}])")
        return result

    def x_ObjectLiteral(self, node: n.ObjectLiteral, scope: _Scope) -> str:
        if node.body.statements:
            raise self.fail("an object literal's code runs only as a method; put it in a "
                            "slot ('m = (| ... | code )') or use a block", node)
        spec = []
        initializers = []
        for slot in node.slots:
            if slot.kind == "argument":
                raise self.fail(f"argument slot ':{slot.name}' belongs in a method", slot)
            if slot.kind == "method":
                spec.append((slot.name, "method", False, (
                    list(slot.arguments), slot.source, self.filename,
                    getattr(slot, "source_line", slot.line),
                    getattr(slot, "source_column", slot.column))))
            else:
                spec.append((slot.name, slot.kind, slot.parent, None))
                initializers.append(slot.value)
        values = self.operands([v for v in initializers if v is not None], scope)
        it = iter(values)
        ordered = [next(it) if v is not None else "NIL" for v in initializers]
        self.at(node)
        result = self.temp()
        self.emit(f"{result} = MKOBJ({self.constant(spec)}, [{', '.join(ordered)}])")
        return result

    def x_Block(self, node: n.Block, scope: _Scope, inline: bool | None = None) -> str:
        name = f"_b{next(self.counter)}"
        outer = self.function
        if outer.parent is None and _returns(node.body):
            self.emit("if _home is None: _home = HOME()")
        function = _Function("block", outer, indent=outer.indent + 1)
        params = [f"v_{p}_{next(self.counter)}" for p in node.parameters]
        used: set[str] = set()
        _free_names(node.body, used)
        snapshots = sorted({var.python for var in (self.resolve(u, scope) for u in used)
                            if var is not None and var.python in self.loop_parameters})
        self.emit(f"def {name}({', '.join(params + [f'{v}={v}' for v in snapshots])}):")
        self.function = function
        function.header = len(self.out)
        inner = _Scope(scope, function)
        for p, python in zip(node.parameters, params, strict=True):
            inner.vars[p] = _Var(python, function, True)
        saved = self.inline_ok
        if inline is not None:
            self.inline_ok = inline
        value = self.body(node.body, inner)
        self.inline_ok = saved
        if value is not None:
            self.emit(f"return {value}")
        elif not any(i == function.indent for i, _, _ in self.out[function.header:]):
            self.emit("pass")
        if function.nonlocals:
            self.out.insert(function.header,
                            (function.indent, "nonlocal " + ", ".join(sorted(function.nonlocals)),
                             (self.line, self.column)))
            # outer functions reach the same cells through Python's closure rules
        self.function = outer
        self.at(node)
        result = self.temp()
        self.emit(f"{result} = BLOCK({name}, {len(node.parameters)})")
        return result

    # ---- inlining -------------------------------------------------------------
    def inline_block(self, block: n.Block, scope: _Scope, params: list[str] | None = None) -> str:
        """Emit a literal block's body in place; answer the expression of its value."""
        inner = _Scope(scope, scope.function)
        for name, python in zip(block.parameters, params or [], strict=False):
            inner.vars[name] = _Var(python, scope.function, True)
            self.loop_parameters.add(python)
        before = len(self.out)
        value = self.body(block.body, inner)
        if len(self.out) == before:
            self.emit("pass")
        return "NIL" if value is None else value

    def named(self, value: str) -> str:
        """`value` as a Python name (a literal is copied into a temporary first)."""
        if value.isidentifier():
            return value
        held = self.temp()
        self.emit(f"{held} = {value}")
        return held

    def fallback_block(self, block: n.Node, scope: _Scope) -> str:
        return self.x_Block(block, scope, inline=False) if isinstance(block, n.Block) else \
            self.expr(block, scope)


def _slot_selector(selector: str) -> bool:
    """A selector that can name a slot: unary (`x`) or one keyword (`x:`)."""
    name = selector[:-1] if selector.endswith(":") else selector
    return name.isidentifier() and ":" not in name and not name.startswith("_")


def _children(node: n.Node) -> list[n.Node]:
    found = []
    for value in vars(node).values():
        if isinstance(value, n.Node):
            found.append(value)
        elif isinstance(value, list):
            found.extend(v for v in value if isinstance(v, n.Node))
    return found


def _walk(node: n.Node) -> Iterator[n.Node]:
    """`node` and everything under it, with a stack of our own (trees may be deep)."""
    stack = [node]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(_children(node))


def _assigns(node: n.Node) -> bool:
    return any(isinstance(x, n.Assign) for x in _walk(node))


def _returns(node: n.Node) -> bool:
    """Whether a `^` stands anywhere in `node` (nested blocks included)."""
    return any(isinstance(inner, n.Return) for inner in node.walk())


def _free_names(node: n.Node, into: set[str]) -> None:
    into.update(x.name for x in _walk(node) if isinstance(x, (n.Variable, n.Assign)))


def _literal_block(node: n.Node, nargs: int) -> bool:
    """A literal block with `nargs` parameters whose temporaries no real closure captures.

    Captured parameters are fine: a block made inside the inlined loop takes
    their values of that iteration (see `Compiler.loop_parameters`).
    """
    if not isinstance(node, n.Block) or len(node.parameters) != nargs:
        return False
    declared = set(node.body.temporaries)
    if not declared:
        return True
    captured: set[str] = set()
    _captures(node.body, captured)
    return not (declared & captured)


def _captures(node: n.Node, into: set[str]) -> None:
    """Names referenced from blocks that will become real closures."""
    stack = _children(node)
    while stack:
        child = stack.pop()
        if isinstance(child, n.Block):
            _free_names(child, into)
        else:
            stack.extend(_children(child))


def _fallback(c: Compiler, node: n.Send, scope: _Scope, result: str, operands: list[str],
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


def _inline_if(c: Compiler, node: n.Send, scope: _Scope) -> str | None:
    selector = node.selector
    blocks = node.arguments
    if not all(_literal_block(b, 0) or _called_block(b) for b in blocks):
        return None
    cond = c.named(c.expr(node.receiver, scope))
    result = c.temp()
    if selector in ("ifTrue:", "ifFalse:"):
        first, second = ("TRUE", "FALSE") if selector == "ifTrue:" else ("FALSE", "TRUE")
        arms = [(first, blocks[0]), (second, None)]
    else:
        order = ("TRUE", "FALSE") if selector == "ifTrue:ifFalse:" else ("FALSE", "TRUE")
        arms = list(zip(order, blocks, strict=True))
    c.emit(f"if {cond} is {arms[0][0]} and G_BOOL:")
    _arm(c, arms[0][1], scope, result)
    c.emit(f"elif {cond} is {arms[1][0]} and G_BOOL:")
    _arm(c, arms[1][1], scope, result)
    _fallback(c, node, scope, result, [cond], blocks)
    return result


def _called_block(node: n.Node) -> bool:
    """A literal block without parameters that cannot be inlined (a nested block
    captures its temporaries, which must be fresh each time it runs): the arm
    makes it and calls its function directly, without a send."""
    return isinstance(node, n.Block) and not node.parameters


def _arm(c: Compiler, block: n.Block | None, scope: _Scope, result: str) -> None:
    c.function.indent += 1
    if block is None:
        c.emit(f"{result} = NIL")
    elif _literal_block(block, 0):
        value = c.inline_block(block, scope)
        c.emit(f"{result} = {value}")
    else:
        made = c.x_Block(block, scope, inline=True)
        c.emit(f"{result} = {made}.function()")
    c.function.indent -= 1


def _inline_and_or(c: Compiler, node: n.Send, scope: _Scope) -> str | None:
    block = node.arguments[0]
    if not _literal_block(block, 0):
        return None
    cond = c.named(c.expr(node.receiver, scope))
    result = c.temp()
    evaluate, short = ("TRUE", "FALSE") if node.selector == "and:" else ("FALSE", "TRUE")
    c.emit(f"if {cond} is {evaluate} and G_BOOL:")
    _arm(c, block, scope, result)
    c.emit(f"elif {cond} is {short} and G_BOOL:")
    c.function.indent += 1
    c.emit(f"{result} = {short}")
    c.function.indent -= 1
    _fallback(c, node, scope, result, [cond], [block])
    return result


def _inline_while(c: Compiler, node: n.Send, scope: _Scope) -> str | None:
    selector = node.selector
    receiver = node.receiver
    body = node.arguments[0] if node.arguments else None
    if not _literal_block(receiver, 0) or (body is not None and not _literal_block(body, 0)):
        return None
    stop = "FALSE" if selector.startswith("whileTrue") else "TRUE"
    go = "TRUE" if stop == "FALSE" else "FALSE"
    result = c.temp()
    c.emit("if G_BLOCK:")
    c.function.indent += 1
    c.emit(f"{result} = NIL")
    c.emit("while True:")
    c.function.indent += 1
    cond = c.named(c.inline_block(receiver, scope))
    c.at(node)
    c.emit(f"if {cond} is not {go}:")
    c.function.indent += 1
    c.emit(f"if {cond} is {stop}: break")
    c.emit(f"NOTBOOLEAN({cond}, {selector!r})")
    c.function.indent -= 1
    if body is not None:
        c.inline_block(body, scope)
    c.function.indent -= 2
    _fallback(c, node, scope, result, [], [receiver] + ([body] if body is not None else []))
    return result


def _inline_to_do(c: Compiler, node: n.Send, scope: _Scope) -> str | None:
    """`a to: b do: [:i | ...]` and `a to: b by: s do: [...]` as a Python range loop.

    A step that is not a literal is checked when the loop starts: a non-zero
    int loops here, anything else sends (the kernel method says what is wrong).
    """
    block = node.arguments[-1]
    called = not _literal_block(block, 1)  # its temporaries must be fresh each time
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
    checks = f"G_INT and type({start}) is int and type({stop}) is int"
    if literal_step:
        bound = f"{stop} + 1" if step > 0 else f"{stop} - 1"  # type: ignore[operator]
    else:
        step = values[2]
        checks += f" and type({step}) is int and {step}"
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


def _inline_times_repeat(c: Compiler, node: n.Send, scope: _Scope) -> str | None:
    block = node.arguments[0]
    if not _literal_block(block, 0):
        return None
    count = c.named(c.expr(node.receiver, scope))
    result = c.temp()
    c.emit(f"if G_INT and type({count}) is int:")
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


_SMALL = 1 << 31  # inlined `*` only for factors below this; bigger ones meet the size limit


def _inline_arithmetic(c: Compiler, node: n.Send, scope: _Scope) -> str | None:
    """Numbers (ints and floats) compute natively; any other receiver sends.

    `/` is native only when a float is involved (ints divide exactly), `//`
    and `\\` only by a non-zero divisor (the send raises the selfpy error).
    """
    selector = node.selector
    if selector == "*" and any(isinstance(src, n.Literal) and type(src.value) is int
                               and abs(src.value) >= _SMALL
                               for src in (node.receiver, node.arguments[0])):
        return None  # a big factor: the send checks the size limit
    left, right = c.operands([node.receiver, node.arguments[0]], scope)
    checks = [f"type({v}) in NUM" for v, src in ((left, node.receiver), (right, node.arguments[0]))
              if not _number_literal(src)]
    if selector == "*":  # small factors only: a bigger product goes through the size limit
        checks += [f"-{_SMALL} < {v} < {_SMALL}" for v, src in
                   ((left, node.receiver), (right, node.arguments[0])) if not _number_literal(src)]
    divisor = node.arguments[0]
    if selector in ("//", "\\\\", "/") and not (_number_literal(divisor) and divisor.value):
        checks.append(f"{right}")
    if selector == "/":
        floats = [src for src in (node.receiver, divisor)
                  if isinstance(src, n.Literal) and type(src.value) is float]
        if not floats:
            checks.append(f"(type({left}) is float or type({right}) is float)")
    guard = " and ".join(["G_INT"] + checks)
    c.at(node)
    site = c.site(selector, 1)
    result = c.temp()
    if selector in _INT_OPS:
        fast = f"{left} {_INT_OPS[selector]} {right}"
    else:
        fast = f"TRUE if {left} {_INT_COMPARE[selector]} {right} else FALSE"
    if selector in ("=", "~="):
        # strings compare natively too (their `=` is the kernel's, guarded by G_STR)
        strings = f"G_STR and type({left}) is str and type({right}) is str"
        c.emit(f"{result} = ({fast}) if {guard} or {strings} else {site}({left}, {right})")
    else:
        c.emit(f"{result} = ({fast}) if {guard} else {site}({left}, {right})")
    return result


# exactly the kernel's methods (`abs = ( self < 0 ifTrue: [self negated] ifFalse: [self] )`,
# `negated = ( 0 - self )`), so -0.0 and nan come out as they do there
_NUMBER_UNARY = {"abs": "(0 - {0}) if {0} < 0 else {0}", "negated": "0 - {0}"}


def _inline_number_unary(c: Compiler, node: n.Send, scope: _Scope) -> str | None:
    """`x abs`, `x negated` on a number compute natively; any other receiver sends."""
    receiver = c.named(c.expr(node.receiver, scope))
    c.at(node)
    site = c.site(node.selector, 0)
    result = c.temp()
    fast = _NUMBER_UNARY[node.selector].format(receiver)
    c.emit(f"{result} = ({fast}) if G_INT and type({receiver}) in NUM else {site}({receiver})")
    return result


def _inline_value(c: Compiler, node: n.Send, scope: _Scope) -> str | None:
    """`aBlock value: x` calls the block's function directly (no send, no primitive)."""
    values = c.operands([node.receiver] + node.arguments, scope)
    receiver = c.named(values[0])
    arguments = values[1:]
    c.at(node)
    site = c.site(node.selector, len(arguments))
    result = c.temp()
    guard = f"G_VALUE and type({receiver}) is BLOCK and {receiver}.arity == {len(arguments)}"
    args = ", ".join(arguments)
    c.emit(f"{result} = {receiver}.function({args}) if {guard} else "
           f"{site}({', '.join([receiver] + arguments)})")
    return result


def _inline_at(c: Compiler, node: n.Send, scope: _Scope) -> str | None:
    values = c.operands([node.receiver] + node.arguments, scope)
    receiver, index = c.named(values[0]), c.named(values[1])
    c.at(node)
    site = c.site(node.selector, len(node.arguments))
    items = c.temp()
    guard = (f"G_VEC and type({receiver}) in INDEXED and {receiver}._map in VMAPS "
             f"and type({index}) is int "
             f"and 0 < {index} <= len({items} := {receiver}.items)")
    if node.selector == "at:":
        result = c.temp()
        c.emit(f"{result} = {items}[{index} - 1] if {guard} else {site}({receiver}, {index})")
        return result
    value = values[2]
    result = c.temp()
    c.emit(f"if {guard}:")
    c.function.indent += 1
    c.emit(f"{items}[{index} - 1] = {result} = {value}")
    c.emit(f"{receiver}._p_changed = True")
    c.function.indent -= 1
    c.emit("else:")
    c.function.indent += 1
    # any other receiver answers what its own at:put: answers
    c.emit(f"{result} = {site}({receiver}, {index}, {value})")
    c.function.indent -= 1
    return result


_INLINERS = {
    "ifTrue:": _inline_if, "ifFalse:": _inline_if, "ifTrue:ifFalse:": _inline_if,
    "ifFalse:ifTrue:": _inline_if, "and:": _inline_and_or, "or:": _inline_and_or,
    "whileTrue:": _inline_while, "whileFalse:": _inline_while, "whileTrue": _inline_while,
    "whileFalse": _inline_while, "to:do:": _inline_to_do, "to:by:do:": _inline_to_do,
    "timesRepeat:": _inline_times_repeat, "at:": _inline_at, "at:put:": _inline_at,
    "value": _inline_value, "value:": _inline_value, "value:value:": _inline_value,
    "value:value:value:": _inline_value, "abs": _inline_number_unary,
    "negated": _inline_number_unary,
}
_INLINERS.update({op: _inline_arithmetic for op in list(_INT_OPS) + list(_INT_COMPARE)})

INLINED_SELECTORS = {
    "G_BOOL": ("ifTrue:", "ifFalse:", "ifTrue:ifFalse:", "ifFalse:ifTrue:", "and:", "or:"),
    "G_BLOCK": ("whileTrue:", "whileFalse:", "whileTrue", "whileFalse"),
    "G_INT": tuple(_INT_OPS) + tuple(_INT_COMPARE) + ("to:do:", "to:by:do:", "timesRepeat:")
    + tuple(_NUMBER_UNARY),
    "G_VEC": ("at:", "at:put:"),
    "G_STR": ("=", "~="),
    "G_VALUE": ("value", "value:", "value:value:", "value:value:value:"),
}


def build(source: str, line_map: list[tuple[int, int]], namespace: dict, constants: list,
          sites: list, info: CodeInfo) -> object:
    """Exec the generated factory and call it with the unit's constants and sites."""
    filename = register(info, line_map)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        code = compile(source, filename, "exec")
    except (SyntaxError, RecursionError, MemoryError) as error:
        line, column = line_map[(getattr(error, "lineno", None) or 1) - 1] \
            if isinstance(error, SyntaxError) and error.lineno else (0, 0)
        raise CompileError(f"the code is too deeply nested to compile ({error.args[0]})",
                           filename=info.filename, line=line or 1, column=column or 1,
                           source_line="") from None
    local: dict = {}
    exec(code, namespace, local)  # noqa: S102 - this is the compiler's output
    cells = [site.cell for site in sites if getattr(site, "cell", None) is not None]
    return local["__factory"](*constants, *sites, *cells)


