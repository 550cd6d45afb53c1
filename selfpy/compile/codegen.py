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
import re
import sys
from collections.abc import Callable
from types import CellType, CodeType, FunctionType

from ..errors import ParseError
from ..syntax import nodes as n
from ..syntax.selector import is_primitive
from .backtrace import CodeInfo, register
from .captures import assigns, block_nesting, free_names, returns
from .inline import INLINERS
from .names import BLOCK, FALSE, HOME, MKOBJ, MKVEC, NIL, NLR, NONLOCAL, NUM, OBJ, TRUE, class_of
from .scope import Function, Scope, Var

PSEUDO = {"self": "self", "true": TRUE, "false": FALSE, "nil": NIL}
_units = itertools.count()
MAX_INDENT = 90
"""Python's tokenizer allows 100 levels of indentation. Inlining stops at INLINE_DEPTH
and blocks start a chunk past CHUNK_DEPTH, so generated code stays far below this;
it is the last guard: deeper code is a compile error (with its position), never a
crash in the host compiler."""
MANY_SITES = 2_000  # top-level code with more sends than this takes its sites as locals
CHAIN = 32  # a chain of sends longer than this is compiled in a loop, not by recursion
INLINE_DEPTH = 40
"""Control messages are inlined only while the code is indented less than this;
deeper ones are real sends with real blocks, which `CHUNK_DEPTH` can cut off."""
INLINE_NESTING = 24
"""Nor is a control message whose block arguments hold blocks nested deeper than
this: an inlined send compiles its blocks twice (inline, and for the real send),
which for deep nesting would grow the code with the square of the depth."""
CHUNK_DEPTH = 48
"""A block that would be indented deeper than this is compiled on its own (a chunk,
see `Chunk`), so blocks nest far deeper than Python's 100 indentation levels."""
LOOP_DEPTH = 16
"""Inlined loops per Python function: CPython allows 20 statically nested blocks
(loops and `try`, and the home's `try` takes two)."""
LOOPS = frozenset({"whileTrue:", "whileFalse:", "whileTrue", "whileFalse", "to:do:",
                   "to:by:do:", "timesRepeat:"})
_FACTORY_NAME = re.compile(r"\b[KSM]\d+\b")


class CompileError(ParseError):
    """Source that parses but cannot be compiled (assignment to an argument, ...)."""


class Chunk:
    """A deeply nested block compiled as Python code of its own.

    Its function reaches the variables of the enclosing code through the cells
    the enclosing code hands over when it makes the block (`build` turns the
    chunk into a maker of that function).
    """

    def __init__(self, code: CodeType, name: str, source: str,
                 line_map: list[tuple[int, int]]) -> None:
        self.code = code
        self.name = name
        self.source = source
        self.line_map = line_map


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
        self.function: Function | None = None
        self.workspace: dict | None = None  # the REPL's variables, when compiling its input
        # Python names of inlined loop parameters: a real block made inside the loop
        # takes each one's value of that iteration as a default argument, which is
        # what a fresh binding per iteration means (parameters are never assigned)
        self.loop_parameters: set[str] = set()
        self.nesting: dict[int, int] = {}  # block_nesting of the nodes asked about so far
        self.self_tested = False  # the method's code tests `_so` (see is_object)
        self.arguments: set[str] = set()  # the Python names of the method's arguments
        self.numbers_tested: dict[str, None] = {}  # arguments tested as numbers once

    # ---- output helpers -------------------------------------------------
    def emit(self, text: str) -> None:
        if self.function.indent > MAX_INDENT:
            raise self.fail("blocks and control messages nest too deeply to compile",
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
        self.function = Function("method", None, indent=2)
        scope = Scope(None, self.function)
        params = []
        for name in arguments:
            scope.vars[name] = Var("v_" + name, self.function, True)
            params.append("v_" + name)
        self.arguments = set(params)
        self.has_method = has_method
        self.function.header = len(self.out)
        value = self.body(body, scope, declare=True)
        if value is not None:
            self.emit(f"return {value}")
        return self.wrap("def __unit(self" + "".join(", " + p for p in params) + "):")

    def doit(self, body: n.Body) -> tuple[str, list[tuple[int, int]]]:
        """Python source of a factory whose result is a generator function over statements."""
        self.function = Function("doit", None, indent=2)
        scope = Scope(None, self.function)
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
        if self.self_tested:
            body = [(2, f"_so = self.__class__ is {OBJ}", here)] + body
        body = [(2, f"_n{v} = {class_of(v)} in {NUM}", here) for v in self.numbers_tested] + body
        if function.home_used:
            # the home is made only when a block that can return from it is made
            # (see x_Block): inlined control flow returns directly and never needs one
            body = ([(2, "_home = None", here), (2, "try:", here)]
                    + [(i + 1, t, ln) for i, t, ln in body]
                    + [(2, f"except {NLR} as _e:", here),
                       (3, "if _e.home is not _home: raise", here),
                       (3, "return _e.value", here),
                       (2, "finally:", here),
                       (3, "if _home is not None: _home.alive = False", here)])
        names = ", ".join([f"K{i}" for i in range(len(self.constants))]
                          + [f"S{i}" for i in range(len(self.sites))]
                          + [f"M{i}" for i, (_, _, kind) in enumerate(self.sites)
                             if kind in ("slot", "call")])
        lines = [(0, f"def __factory({names}):", (0, 0)), (1, header, (0, 0))] + body
        if function.kind == "doit" and len(self.sites) > MANY_SITES:
            # thousands of closure cells make CPython's compiler slow (100,000: 16 s);
            # as locals of the code, taken from one argument when it starts, they are not
            lines[0] = (0, "def __factory(*_F):", (0, 0))
            lines.insert(2, (2, f"{names}, = _F", (0, 0)))
        lines.append((1, "return __unit", (0, 0)))
        return "\n".join("    " * indent + text for indent, text, _ in lines) + "\n", [
            ln for _, _, ln in lines]

    # ---- scopes -------------------------------------------------------------
    def declare(self, names: list[str], scope: Scope) -> None:
        for name in names:
            python = f"v_{name}_{next(self.counter)}" if scope.function.kind != "method" or \
                scope.parent is not None else "v_" + name
            if name in PSEUDO:
                raise self.fail(f"'{name}' is a reserved word and cannot be declared", n.Node(
                    self.line, self.column))
            scope.vars[name] = Var(python, scope.function, False)
            self.emit(f"{python} = {NIL}")

    def declare_top(self, node: n.Declare, scope: Scope) -> None:
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
            self.emit(f"{self.constant(self.workspace)}[{name!r}] = {NIL}")

    def resolve(self, name: str, scope: Scope) -> Var | None:
        while scope is not None:
            var = scope.vars.get(name)
            if var is not None:
                return var
            scope = scope.parent
        return None

    # ---- bodies and statements -------------------------------------------------
    def body(self, body: n.Body, scope: Scope, declare: bool = False) -> str | None:
        """Emit the statements; answer the expression holding the last value.

        None means control never falls off the end (the last statement returned).
        """
        if declare:
            self.declare(body.temporaries, scope)
        else:
            scope = Scope(scope, scope.function)
            self.declare(body.temporaries, scope)
        value = NIL if self.function.kind == "block" or not declare else "self"
        for statement in body.statements:
            value = self.statement(statement, scope)
            if value is None:
                return None
        return value

    def statement(self, node: n.Node, scope: Scope) -> str | None:
        self.at(node)
        if isinstance(node, n.Return):
            value = self.expr(node.value, scope)
            self.at(node)
            if self.function.kind in ("method", "doit"):
                self.emit(f"return {value}")
            else:
                self.home_function().home_used = True
                self.emit(f"{NONLOCAL}(_home, {value})")
            return None
        return self.expr(node, scope)

    def home_function(self) -> Function:
        f = self.function
        while f.parent is not None:
            f = f.parent
        return f

    # ---- expressions ------------------------------------------------------------
    def expr(self, node: n.Node, scope: Scope) -> str:
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

    def chain(self, node: n.Send, scope: Scope) -> None:
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

    def x_Literal(self, node: n.Literal, scope: Scope) -> str:
        value = node.value
        if isinstance(value, int) or (isinstance(value, float) and value == value
                                      and value not in (float("inf"), float("-inf"))):
            return repr(value)
        if isinstance(value, str):
            return repr(sys.intern(value)) if len(value) < 64 else self.constant(value)
        return self.constant(value)

    def x_Variable(self, node: n.Variable, scope: Scope) -> str:
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

    def x_Assign(self, node: n.Assign, scope: Scope) -> str:
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

    def operands(self, nodes: list[n.Node], scope: Scope) -> list[str]:
        """Evaluate left to right; snapshot locals a later assignment could change."""
        values = []
        assigned_later: list[bool] | None = None  # [i]: does an operand after i assign?
        for i, node in enumerate(nodes):
            value = self.expr(node, scope)
            if value.startswith("v_") and assigned_later is None:
                assigned_later = [False] * len(nodes)
                flag = False
                for j in range(len(nodes) - 1, 0, -1):
                    flag = flag or assigns(nodes[j])
                    assigned_later[j - 1] = flag
            if value.startswith("v_") and assigned_later[i]:
                snapshot = self.temp()
                self.emit(f"{snapshot} = {value}")
                value = snapshot
            values.append(value)
        return values

    def x_Send(self, node: n.Send, scope: Scope) -> str:
        if is_primitive(node.selector):
            return self.primitive(node, scope)
        inliner = INLINERS.get(node.selector)
        if inliner is not None and self.inline_ok and self.function.indent < INLINE_DEPTH \
                and not self.deep(node):
            if node.selector not in LOOPS:
                result = inliner(self, node, scope)
            elif self.function.loops < LOOP_DEPTH:
                self.function.loops += 1
                result = inliner(self, node, scope)
                self.function.loops -= 1
            else:
                result = None
            if result is not None:
                return result
        values = self.operands([node.receiver] + node.arguments, scope)
        self.at(node)
        return self.send(node.selector, values)

    def send(self, selector: str, values: list[str]) -> str:
        """A send of `selector` to values[0] with the other values as arguments, through
        a site whose cell lets the common cases skip the site (see `slot_send`)."""
        if _slot_selector(selector):
            return self.slot_send(selector, values)
        # while the receiver has the map the site last found, its target is called
        # from here (`M<i>[4]`), without the site's own frame
        index = len(self.sites)
        site = self.site(selector, len(values) - 1, "call")
        values[0] = receiver = self.named(values[0])
        arguments = ", ".join(values)
        result = self.temp()
        cell = f"M{index}"
        self.emit(f"{result} = ({cell}[4]({arguments}) if (_m := {receiver}._v_map) is {cell}[3] "
                  f"else {cell}[9]({arguments}) if _m is {cell}[8] else {site}({arguments})) "
                  f"if {self.is_object(receiver)} else {site}({arguments})")
        return result

    inline_ok = True

    def deep(self, node: n.Send) -> bool:
        """Whether a block argument of `node` nests too deeply to inline (INLINE_NESTING)."""
        return any(type(x) is n.Block and block_nesting(x, self.nesting) > INLINE_NESTING
                   for x in (node.receiver, *node.arguments))

    def is_object(self, receiver: str) -> str:
        """The test that `receiver` is a plain object. A method tests its `self` once,
        when it starts (`_so`): the type of an object never changes."""
        if receiver == "self" and self.function.kind == "method":
            self.self_tested = True
            return "_so"
        return f"{class_of(receiver)} is {OBJ}"

    def is_number(self, value: str) -> str:
        """The test that `value` is a number. A method tests each argument it does
        arithmetic on once, when it starts (`_n<name>`): an argument is never assigned."""
        if value in self.arguments and self.function.kind == "method":
            self.numbers_tested[value] = None
            return f"_n{value}"
        return f"{class_of(value)} in {NUM}"

    def slot_send(self, selector: str, values: list[str]) -> str:
        """A unary or one-keyword send that may read or write the receiver's own slot.

        While the receiver has a map the site last found (kept in the site's cell
        `M<i>`, see `sites.make_site`, and cleared whenever anything changes), the
        slot's attribute is read or written right here, or the constant the target
        answers is taken, or the target is called; else it is a send. (An empty cell
        holds None, which is no object's map.)
        """
        index = len(self.sites)
        site = self.site(selector, len(values) - 1, "slot")
        receiver = self.named(values[0])
        attribute = "s_" + selector.rstrip(":")
        cell = f"M{index}"
        result = self.temp()
        seen = "_m"  # the receiver's map, read once (used only within the lines below)
        if len(values) == 1:  # the slot's value, the constant the target answers, a call
            first = f"({seen} := {receiver}._v_map)"
            line = [f"{receiver}.{attribute} if {first if k == 0 else seen} is {cell}[{k}] "
                    f"else {cell}[{k + 2}] if {seen} is {cell}[{k + 1}] else "
                    f"{cell}[{k + 4}]({receiver}) if {seen} is {cell}[{k + 3}] else "
                    for k in (0, 5)]
            self.emit(f"{result} = ({line[0]}{line[1]}{site}({receiver})) "
                      f"if {self.is_object(receiver)} else {site}({receiver})")
            return result
        first = f"({seen} := {receiver}._v_map)"
        for k in (0, 5):  # the cell's two lines
            self.emit(f"{'elif' if k else 'if'} {self.is_object(receiver)} and "
                      f"{first if k == 0 else seen} is {cell}[{k}]:")
            self.function.indent += 1
            self.emit(f"{receiver}.{attribute} = {values[1]}")
            self.emit(f"{result} = {receiver}")
            self.function.indent -= 1
            self.emit(f"elif {self.is_object(receiver)} and {seen} is {cell}[{k + 3}]:")
            self.function.indent += 1
            self.emit(f"{result} = {cell}[{k + 4}]({receiver}, {values[1]})")
            self.function.indent -= 1
        self.emit("else:")
        self.function.indent += 1
        self.emit(f"{result} = {site}({receiver}, {values[1]})")
        self.function.indent -= 1
        return result

    def primitive(self, node: n.Send, scope: Scope) -> str:
        python = self.primitives.get(node.selector)
        if python is None:
            raise self.fail(f"unknown primitive '{node.selector}'", node)
        values = self.operands([node.receiver] + node.arguments, scope)
        self.at(node)
        result = self.temp()
        self.emit(f"{result} = {python}({', '.join(values)})")
        return result

    def x_Resend(self, node: n.Resend, scope: Scope) -> str:
        if not self.has_method:
            raise self.fail("'resend' can only be used inside a method", node)
        values = self.operands(node.arguments, scope)
        self.at(node)
        site = self.site(node.selector, len(node.arguments), "resend")
        result = self.temp()
        self.emit(f"{result} = {site}({', '.join(['self'] + values)})")
        return result

    def x_Cascade(self, node: n.Cascade, scope: Scope) -> str:
        receiver = self.expr(node.receiver, scope)
        if not receiver.startswith("_t"):
            held = self.temp()
            self.emit(f"{held} = {receiver}")
            receiver = held
        result = NIL
        for message in node.messages:
            if is_primitive(message.selector):
                raise self.fail("primitives cannot be cascaded", message)
            values = self.operands(message.arguments, scope)
            self.at(message)
            result = self.send(message.selector, [receiver] + values)
        return result

    def x_Paren(self, node: n.Paren, scope: Scope) -> str:
        value = self.body(node.body, scope)
        if value is None:  # the paren returned; later code is unreachable
            return NIL
        return value

    def x_BraceArray(self, node: n.BraceArray, scope: Scope) -> str:
        values = self.operands(node.items, scope)
        result = self.temp()
        self.emit(f"{result} = {MKVEC}([{', '.join(values)}])")
        return result

    def x_ObjectLiteral(self, node: n.ObjectLiteral, scope: Scope) -> str:
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
        ordered = [next(it) if v is not None else NIL for v in initializers]
        self.at(node)
        result = self.temp()
        self.emit(f"{result} = {MKOBJ}({self.constant(spec)}, [{', '.join(ordered)}])")
        return result

    def x_Block(self, node: n.Block, scope: Scope, inline: bool | None = None) -> str:
        name = f"_b{next(self.counter)}"
        outer = self.function
        if outer.parent is None and returns(node.body):
            self.emit(f"if _home is None: _home = {HOME}()")
        chunk = outer.indent >= CHUNK_DEPTH
        params = [f"v_{p}_{next(self.counter)}" for p in node.parameters]
        used: set[str] = set()
        if self.loop_parameters:
            free_names(node.body, used)
        snapshots = sorted({var.python for var in (self.resolve(u, scope) for u in used)
                            if var is not None and var.python in self.loop_parameters})
        header = f"def {name}({', '.join(params + [f'{v}={v}' for v in snapshots])}):"
        if chunk:  # its own Python code: `def __chunk(...)` at 0, this def at 1
            enclosing, self.out = self.out, [(1, header, (self.line, self.column))]
            function = Function("block", outer, indent=2)
        else:
            function = Function("block", outer, indent=outer.indent + 1)
            self.emit(header)
        self.function = function
        function.header = len(self.out)
        inner = Scope(scope, function)
        for p, python in zip(node.parameters, params, strict=True):
            inner.vars[p] = Var(python, function, True)
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
        if chunk:
            lines, self.out = self.out, enclosing
            self.chunk(name, lines, scope, snapshots, node)
        self.at(node)
        result = self.temp()
        self.emit(f"{result} = {BLOCK}({name}, {len(node.parameters)})")
        return result

    def chunk(self, name: str, lines: list[tuple[int, str, tuple[int, int]]], scope: Scope,
              snapshots: list[str], node: n.Block) -> None:
        """Compile block `name` (its `lines`) on its own and emit the code that makes
        its function here, with the cells of the names it shares with this code."""
        visible = {"self", "_home"}
        while scope is not None:
            visible.update(var.python for var in scope.vars.values())
            scope = scope.parent
        text = "\n".join("    " * indent + line for indent, line, _ in lines)
        visible.update(_FACTORY_NAME.findall(text))
        source = f"def __chunk({', '.join(sorted(visible))}):\n{text}\n"
        try:
            code = compile(source, "<selfpy chunk>", "exec")
        except (SyntaxError, RecursionError, MemoryError) as error:
            raise self.fail(f"the code is too deeply nested to compile ({error.args[0]})",
                            node) from None
        wrapper = next(c for c in code.co_consts if isinstance(c, CodeType))
        inner = next(c for c in wrapper.co_consts if isinstance(c, CodeType) and c.co_name == name)
        shared = [v for v in inner.co_freevars if not _FACTORY_NAME.fullmatch(v)]
        cells = f"(lambda: ({''.join(v + ', ' for v in shared)})).__closure__" if shared else "()"
        defaults = f"({''.join(v + ', ' for v in snapshots)})" if snapshots else "None"
        maker = self.constant(Chunk(inner, name, source, [(0, 0)] + [ln for _, _, ln in lines]))
        self.emit(f"{name} = {maker}({cells}, {defaults})")

    # ---- inlining -------------------------------------------------------------
    def inline_block(self, block: n.Block, scope: Scope, params: list[str] | None = None) -> str:
        """Emit a literal block's body in place; answer the expression of its value."""
        inner = Scope(scope, scope.function)
        for name, python in zip(block.parameters, params or [], strict=False):
            inner.vars[name] = Var(python, scope.function, True)
            self.loop_parameters.add(python)
        before = len(self.out)
        value = self.body(block.body, inner)
        if len(self.out) == before:
            self.emit("pass")
        return NIL if value is None else value

    def named(self, value: str) -> str:
        """`value` as a Python name (a literal is copied into a temporary first)."""
        if value.isidentifier():
            return value
        held = self.temp()
        self.emit(f"{held} = {value}")
        return held

    def fallback_block(self, block: n.Node, scope: Scope) -> str:
        return self.x_Block(block, scope, inline=False) if isinstance(block, n.Block) else \
            self.expr(block, scope)


def _slot_selector(selector: str) -> bool:
    """A selector that can name a slot: unary (`x`) or one keyword (`x:`)."""
    name = selector[:-1] if selector.endswith(":") else selector
    return name.isidentifier() and ":" not in name and not name.startswith("_")



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
    if any(type(k) is Chunk for k in constants):
        factory: dict[str, CellType] = {}  # the chunks reach the unit's constants and sites here
        constants = [_maker(k, namespace, info, factory) if type(k) is Chunk else k
                     for k in constants]
        factory.update({f"K{i}": CellType(k) for i, k in enumerate(constants)})
        factory.update({f"S{i}": CellType(s) for i, s in enumerate(sites)})
        factory.update({f"M{i}": CellType(getattr(s, "cell", None)) for i, s in enumerate(sites)})
    local: dict = {}
    exec(code, namespace, local)  # noqa: S102 - this is the compiler's output
    cells = [site.cell for site in sites if getattr(site, "cell", None) is not None]
    return local["__factory"](*constants, *sites, *cells)


def _maker(chunk: Chunk, namespace: dict, info: CodeInfo,
           factory: dict[str, CellType]) -> Callable[[tuple, tuple | None], FunctionType]:
    """What makes a chunk's function: its code (under a file name of its own, for
    backtraces), the unit's globals, the cells of the unit's constants and sites
    (`factory`), and the cells and defaults of the variables the maker is passed."""
    filename = register(info, chunk.line_map)
    linecache.cache[filename] = (len(chunk.source), None, chunk.source.splitlines(True), filename)
    code = _renamed(chunk.code, filename)
    name = chunk.name
    fixed = [v if _FACTORY_NAME.fullmatch(v) else None for v in code.co_freevars]

    def make(cells: tuple, defaults: tuple | None) -> FunctionType:
        passed = iter(cells)
        closure = tuple(next(passed) if v is None else factory[v] for v in fixed)
        return FunctionType(code, namespace, name, defaults, closure or None)
    return make


def _renamed(code: CodeType, filename: str) -> CodeType:
    consts = tuple(_renamed(c, filename) if isinstance(c, CodeType) else c
                   for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)
