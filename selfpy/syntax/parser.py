"""Text to syntax tree, with errors a person can act on.

The grammar is `grammar/selfpy.lark`; this module turns Lark's tree into
`selfpy.nodes` and Lark's exceptions into `ParseError`s that say, in words,
what is wrong and where.
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import ParseError
from ..resources import cache_folder, data_dir
from . import nodes as n
from . import tree_cache
from .selector import arity

_OPENERS = {"(|": "object literal", "(": "parenthesis", "[": "block", "{": "brace array"}
_CLOSER = {"(|": ")", "(": ")", "[": "]", "{": "}"}
_FRIENDLY = {
    "NAME": "a name", "KEYWORD": "a keyword", "NUMBER": "a number", "STRING": "a string",
    "SYMBOL": "a symbol", "CHARACTER": "a character", "BINOP": "a binary selector",
    "RPAR": "')'", "RSQB": "']'", "RBRACE": "'}'", "LPAR": "'('", "LSQB": "'['",
    "LBRACE": "'{'", "OBJ_OPEN": "'(|'", "DOT": "'.'", "BAR": "'|'", "CARET": "'^'",
    "ASSIGN": "':='", "ASSIGN_SLOT": "'<-'", "EQUAL": "'='", "COLON": "':'",
    "SEMI": "';'", "STAR": "'*'", "MINUS": "'-'", "RESEND": "resend", "$END": "end of input",
}


MAX_NESTING = 1_000
"""How deeply parentheses, blocks, braces, object literals and assignments may nest.

Chains of unary and binary sends (`1 + 1 + ...`) do not nest and have no limit.
Deeper code is refused with a parse error at the level that goes past it, so
building the tree and compiling it never exhaust the Python stack.
"""
_NESTING = frozenset({"paren", "block", "brace_array", "object_literal", "assignment"})
_CHAINS = frozenset({"unary_send", "binary_send"})
MAX_LITERAL_DIGITS = 400_000  # a number literal longer than this is refused


if TYPE_CHECKING:
    import lark
    from lark import Token, Tree
else:  # Lark is imported with the first parse: a REPL shows its prompt without it
    lark: Any = None
    Token: Any = None
    Tree: Any = None


def _import_lark() -> None:
    global lark, Token, Tree  # bound once, before anything uses them
    import lark as module

    lark, Token, Tree = module, module.Token, module.Tree


@lru_cache(maxsize=1)
def _parser() -> lark.Lark:
    """The LALR parser; its tables are kept in the user's cache (building them is
    most of a short command's start-up)."""
    _import_lark()
    grammar = (data_dir("grammar") / "selfpy.lark").read_text(encoding="utf-8")
    digest = hashlib.sha256(f"{lark.__version__}\n{grammar}".encode()).hexdigest()[:20]
    cache = cache_folder() / f"grammar-{digest}.lark"
    try:
        with open(cache, "rb") as handle:
            return lark.Lark.load(handle)
    except Exception:  # noqa: BLE001, S110 - no cache yet, or an unreadable one: build it
        pass
    parser = lark.Lark(grammar, parser="lalr", propagate_positions=True,
                       start=["program", "method_body"], maybe_placeholders=False)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f"{cache.name}.{os.getpid()}")
        with open(partial, "wb") as handle:
            parser.save(handle)
        os.replace(partial, cache)  # whole or not at all, for processes starting together
    except OSError:
        pass  # an unwritable cache: build the tables each time
    return parser


def parse_program(text: str, filename: str | None = None) -> n.Body:
    """Parse a whole script or REPL input.

    The last few parses are kept: the REPL asks whether an input is complete,
    validates it and runs it, and the text is parsed once. The tree answered
    is shared, so nothing may change it.
    """
    parsed = _program(text)
    if isinstance(parsed, ParseError):
        raise ParseError(parsed.message, filename=filename, line=parsed.line,
                         column=parsed.column, source_line=parsed.source_line,
                         incomplete=parsed.incomplete)
    return parsed


@lru_cache(maxsize=16)
def _program(text: str) -> n.Body | ParseError:
    """The tree of a program, or the error that says why it is none."""
    key = ("program", text)
    kept = tree_cache.load(key, text)
    if kept is not None:
        return kept  # type: ignore[return-value]
    try:
        tree = _parse(text, "program", None)
        body = _Builder(text, None).program(tree.children[0])
    except ParseError as error:
        return error
    tree_cache.store(key, text, body, body)
    return body


def parse_method(text: str, selector: str, arguments: list[str], filename: str | None = None,
                 line: int = 1, column: int = 1) -> tuple[list[str], n.Body]:
    """Parse a stored method (`( ... )` or `(| :a | ... )`) back into (arguments, body).

    `line` and `column` say where the text stood in its original file, so
    errors and backtraces point there.
    """
    key = ("method", text, selector, tuple(arguments), filename, line, column)
    kept = tree_cache.load(key, text)
    if kept is not None:
        return kept  # type: ignore[return-value]
    tree = _parse(text, "method_body", filename, line, column)
    builder = _Builder(text, filename, line, column)
    value = builder.node(tree.children[0])
    slot = n.SlotDef(line, column, selector, "constant", value=value)
    builder.make_method(slot, arguments if isinstance(value, n.Paren) else None)
    result = slot.arguments, slot.value
    tree_cache.store(key, text, result, slot)
    return result  # type: ignore[return-value]


def completeness(text: str) -> str:
    """'complete', 'incomplete' (more lines could finish it) or 'invalid'."""
    try:
        parse_program(text)
    except ParseError as error:
        return "incomplete" if error.incomplete else "invalid"
    return "complete"


def _parse(text: str, start: str, filename: str | None, line: int = 1, column: int = 1) -> Tree:
    try:
        tree = _parser().parse(text, start=start)
    except lark.exceptions.UnexpectedInput as error:
        raise _explain(error, text, filename, line, column) from None
    _check_nesting(tree, text, filename, line, column)
    return tree


def _check_nesting(tree: Tree, text: str, filename: str | None, line0: int, col0: int) -> None:
    """Refuse code that nests deeper than MAX_NESTING (a walk with its own stack)."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        for child in node.children:
            if not isinstance(child, Tree):
                continue
            level = depth + (child.data in _NESTING)
            if level > MAX_NESTING:
                where = child.meta.start_pos if getattr(child.meta, "line", None) else 0
                raise _error(f"the code nests too deeply: more than {MAX_NESTING:,} levels of "
                             "parentheses, blocks, braces, object literals or assignments",
                             text, where, filename, line0, col0, False)
            stack.append((child, level))


# ---- error messages -------------------------------------------------------

def scan_brackets(text: str, stop: int) -> tuple[list[tuple[str, int]], tuple[str, int] | None]:
    """Openers still open at offset `stop`, and an unterminated string or comment."""
    stack: list[tuple[str, int]] = []
    i = 0
    while i < stop:
        c = text[i]
        if c in "'\"":
            end = text.find(c, i + 1)
            while c == "'" and end != -1 and text.startswith("''", end):
                end = text.find(c, end + 2)
            if end == -1 or end >= stop:
                return stack, ("string" if c == "'" else "comment", i)
            i = end + 1
            continue
        if c == "$":
            i += 2
            continue
        if c == "(" and text.startswith("(|", i):
            stack.append(("(|", i))
            i += 2
            continue
        if c in "([{":
            stack.append((c, i))
        elif c in ")]}" and stack:
            stack.pop()
        i += 1
    return stack, None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _explain(error: lark.exceptions.UnexpectedInput, text: str, filename: str | None,
             line0: int, col0: int) -> ParseError:
    at_end = isinstance(error, lark.exceptions.UnexpectedEOF) or (
        isinstance(error, lark.exceptions.UnexpectedToken) and error.token.type == "$END")
    offset = len(text) if at_end else getattr(error, "pos_in_stream", None) or 0
    if at_end:
        offset = len(text.rstrip()) or 0
    stack, open_text = scan_brackets(text, len(text) if at_end else offset + 1)
    incomplete = at_end
    if open_text and (at_end or isinstance(error, lark.exceptions.UnexpectedCharacters)):
        kind, where = open_text
        if text.find("'" if kind == "string" else '"', where + 1) == -1:
            offset, incomplete = where, True
            closer = "quote" if kind == "string" else "double quote"
            message = f"unterminated {kind} (it has no closing {closer})"
            return _error(message, text, offset, filename, line0, col0, True)
    if at_end and stack:
        opener, where = stack[-1]
        ol, oc = _line_col(text, where)
        message = (f"missing '{_CLOSER[opener]}' to close the {_OPENERS[opener]} "
                   f"opened at {_shift(ol, oc, line0, col0)}")
    elif at_end:
        expected = _expected(error)
        message = f"unexpected end of input; expected {expected}"
    elif isinstance(error, lark.exceptions.UnexpectedToken):
        token = error.token
        offset = token.start_pos
        if token.type in ("RPAR", "RSQB", "RBRACE"):
            open_before, _ = scan_brackets(text, offset)
            if open_before and _CLOSER[open_before[-1][0]] != token.value:
                opener, where = open_before[-1]
                ol, oc = _line_col(text, where)
                message = (f"'{token.value}' does not close the {_OPENERS[opener]} opened at "
                           f"{_shift(ol, oc, line0, col0)}; expected '{_CLOSER[opener]}'")
            elif not open_before:
                message = f"'{token.value}' closes nothing"
            else:
                message = f"unexpected '{token.value}'; expected {_expected(error)}"
        else:
            message = f"unexpected {_describe(token)}; expected {_expected(error)}"
    else:
        char = text[offset] if offset < len(text) else "?"
        message = f"unexpected character {char!r}"
        if text.startswith("#(", offset):
            message += "; literal arrays are written as brace arrays: {1. 2. 3}"
    return _error(message, text, offset, filename, line0, col0, incomplete)


def _describe(token: Token) -> str:
    if token.type in ("NAME", "KEYWORD", "NUMBER", "STRING", "SYMBOL", "BINOP"):
        kind = "keyword" if token.type == "KEYWORD" else _FRIENDLY[token.type][2:]
        return f"{kind} '{token.value}'"
    return f"'{token.value}'"


def _expected(error: lark.exceptions.UnexpectedInput) -> str:
    names = sorted({_FRIENDLY.get(t, t) for t in (getattr(error, "expected", None) or ())
                    if not t.startswith("__")})
    if not names:
        return "more input"
    if {"a name", "a number", "a string"} <= set(names):
        return "an expression"
    return ", ".join(names[:-1]) + (" or " if len(names) > 1 else "") + names[-1]


def _shift(line: int, col: int, line0: int, col0: int) -> str:
    return f"{line + line0 - 1}:{col + col0 - 1 if line == 1 else col}"


def _error(message: str, text: str, offset: int, filename: str | None, line0: int, col0: int,
           incomplete: bool) -> ParseError:
    line, col = _line_col(text, offset)
    source_line = text.splitlines()[line - 1] if text.splitlines()[line - 1:line] else ""
    if line == 1 and col0 > 1:
        source_line = " " * (col0 - 1) + source_line
    return ParseError(message, filename=filename, line=line + line0 - 1,
                      column=col + col0 - 1 if line == 1 else col, source_line=source_line,
                      incomplete=incomplete)


# ---- tree building ---------------------------------------------------------

class _Builder:
    """Turns Lark's tree into selfpy nodes, checking what the grammar cannot."""

    def __init__(self, text: str, filename: str | None, line0: int = 1, col0: int = 1) -> None:
        self.text = text
        self.filename = filename
        self.line0 = line0
        self.col0 = col0
        self.built: dict[int, n.Node] = {}  # chain links built ahead, by id of their tree

    def pos(self, item: Tree | Token) -> tuple[int, int]:
        if isinstance(item, Token):
            line, col = item.line, item.column
        elif getattr(item.meta, "line", None) is None:
            return self.line0, self.col0
        else:
            line, col = item.meta.line, item.meta.column
        return line + self.line0 - 1, (col + self.col0 - 1 if line == 1 else col)

    def fail(self, message: str, item: Tree | Token) -> ParseError:
        offset = item.start_pos if isinstance(item, Token) else item.meta.start_pos
        return _error(message, self.text, offset, self.filename, self.line0, self.col0, False)

    def program(self, tree: Tree) -> n.Body:
        """Top-level code: statements, each of which a declaration `| a b |` may open."""
        statements: list[n.Node] = []
        for child in tree.children:
            if isinstance(child, Token):
                continue
            if isinstance(child, Tree) and child.data == "declared":
                for part in child.children:
                    if part.data == "temporaries":
                        names = [t.value for t in part.children if t.type == "NAME"]
                        self.check_unique(names, part, "temporary")
                        statements.append(n.Declare(*self.pos(part), names))
                    else:
                        statements.append(self.node(part))
            else:
                statements.append(self.node(child))
        line, col = self.pos(tree)
        return n.Body(line, col, [], statements)

    def body(self, tree: Tree) -> n.Body:
        temps: list[str] = []
        statements: list[n.Node] = []
        for child in tree.children:
            if child.data == "temporaries":
                temps = [t.value for t in child.children if t.type == "NAME"]
                self.check_unique(temps, child, "temporary")
            else:
                statements = [self.node(c) for c in child.children
                              if not (isinstance(c, Token) and c.type == "DOT")]
        line, col = self.pos(tree)
        return n.Body(line, col, temps, statements)

    def check_unique(self, names: list[str], where: Tree, what: str) -> None:
        seen = set()
        for name in names:
            if name in seen:
                raise self.fail(f"{what} '{name}' is declared twice", where)
            seen.add(name)

    def node(self, tree: Tree) -> n.Node:
        built = self.built.pop(id(tree), None) if self.built else None
        if built is not None:
            return built
        if tree.data in _CHAINS and isinstance(tree.children[0], Tree) \
                and tree.children[0].data in _CHAINS:
            # a chain of sends (`1 + 1 + ...`): build it from the inside out, in a loop
            spine = []
            link = tree.children[0]
            while isinstance(link, Tree) and link.data in _CHAINS and id(link) not in self.built:
                spine.append(link)
                link = link.children[0]
            for link in reversed(spine):
                self.built[id(link)] = self.node(link)
        line, col = self.pos(tree)
        return getattr(self, "n_" + tree.data)(tree, line, col)

    # expressions
    def n_return_stmt(self, t: Tree, line: int, col: int) -> n.Node:
        return n.Return(line, col, self.node(t.children[1]))

    def n_assignment(self, t: Tree, line: int, col: int) -> n.Node:
        name = t.children[0].value
        if name in ("self", "true", "false", "nil", "resend", "super"):
            raise self.fail(f"cannot assign to '{name}'", t)
        return n.Assign(line, col, name, self.node(t.children[2]))

    def n_variable(self, t: Tree, line: int, col: int) -> n.Node:
        return n.Variable(line, col, t.children[0].value)

    def n_number(self, t: Tree, line: int, col: int) -> n.Node:
        try:
            value = parse_number(t.children[0].value)
        except ValueError as error:
            raise self.fail(str(error), t) from None
        return n.Literal(line, col, value)

    def n_string(self, t: Tree, line: int, col: int) -> n.Node:
        return n.Literal(line, col, t.children[0].value[1:-1].replace("''", "'"))

    def n_symbol(self, t: Tree, line: int, col: int) -> n.Node:
        text = t.children[0].value[1:]
        if text.startswith("'"):
            text = text[1:-1].replace("''", "'")
        return n.Literal(line, col, sys.intern(text))

    def n_character(self, t: Tree, line: int, col: int) -> n.Node:
        return n.Literal(line, col, t.children[0].value[1:])

    def n_unary_send(self, t: Tree, line: int, col: int) -> n.Node:
        receiver, name = t.children
        return n.Send(*self.pos(name), self.node(receiver), sys.intern(name.value), [])

    def n_binary_send(self, t: Tree, line: int, col: int) -> n.Node:
        left, op, right = t.children
        return n.Send(*self.pos(op), self.node(left), sys.intern(op.children[0].value),
                      [self.node(right)])

    def keyword_parts(self, children: list) -> tuple[str, list[n.Node], Token]:
        keywords = [c for c in children if isinstance(c, Token) and c.type == "KEYWORD"]
        args = [self.node(c) for c in children if not isinstance(c, Token)]
        return sys.intern("".join(k.value for k in keywords)), args, keywords[0]

    def n_keyword_send(self, t: Tree, line: int, col: int) -> n.Node:
        selector, args, first = self.keyword_parts(t.children[1:])
        return n.Send(*self.pos(first), self.node(t.children[0]), selector, args)

    def n_self_keyword(self, t: Tree, line: int, col: int) -> n.Node:
        selector, args, first = self.keyword_parts(t.children)
        return n.Send(*self.pos(first), n.Variable(line, col, "self"), selector, args)

    def n_resend_unary(self, t: Tree, line: int, col: int) -> n.Node:
        return n.Resend(line, col, sys.intern(t.children[1].value), [])

    def n_resend_binary(self, t: Tree, line: int, col: int) -> n.Node:
        return n.Resend(line, col, sys.intern(t.children[1].children[0].value),
                        [self.node(t.children[2])])

    def n_resend_keyword(self, t: Tree, line: int, col: int) -> n.Node:
        selector, args, _ = self.keyword_parts(t.children[1:])
        return n.Resend(line, col, selector, args)

    def n_cascade_expr(self, t: Tree, line: int, col: int) -> n.Node:
        first = self.node(t.children[0])
        if not isinstance(first, n.Send):
            raise self.fail("a cascade ';' must follow a message send", t)
        messages = [n.Message(first.line, first.column, first.selector, first.arguments)]
        for part in t.children[1:]:
            if isinstance(part, Token):
                continue
            mline, mcol = self.pos(part)
            if part.data == "unary_message":
                messages.append(n.Message(mline, mcol, sys.intern(part.children[0].value), []))
            elif part.data == "binary_message":
                op, arg = part.children
                messages.append(n.Message(mline, mcol, sys.intern(op.children[0].value),
                                          [self.node(arg)]))
            else:
                selector, args, _ = self.keyword_parts(part.children)
                messages.append(n.Message(mline, mcol, selector, args))
        return n.Cascade(line, col, first.receiver, messages)

    def n_block(self, t: Tree, line: int, col: int) -> n.Node:
        params: list[str] = []
        if len(t.children) == 2:
            params = [c.value for c in t.children[0].children if c.type == "NAME"]
            self.check_unique(params, t.children[0], "block argument")
        return n.Block(line, col, params, self.body(t.children[-1]))

    def n_paren(self, t: Tree, line: int, col: int) -> n.Node:
        source = self.text[t.meta.start_pos:t.meta.end_pos]
        return n.Paren(line, col, self.body(t.children[1]), source)

    def n_brace_array(self, t: Tree, line: int, col: int) -> n.Node:
        items = [self.node(c) for c in t.children if not isinstance(c, Token)]
        return n.BraceArray(line, col, items)

    # object literals
    def n_object_literal(self, t: Tree, line: int, col: int) -> n.Node:
        slot_list = t.children[1]
        slots = [self.slot(c) for c in slot_list.children if not isinstance(c, Token)]
        self.check_unique([s.name for s in slots if s.kind != "argument"], t, "slot")
        literal = n.ObjectLiteral(line, col, slots, self.body(t.children[3]))
        literal.source = self.text[t.meta.start_pos:t.meta.end_pos]  # type: ignore[attr-defined]
        return literal

    def slot(self, t: Tree) -> n.SlotDef:
        line, col = self.pos(t)
        kids = t.children
        kind = t.data
        if kind == "slot_nil":
            return n.SlotDef(line, col, kids[0].value, "assignable", value=None)
        if kind == "slot_argument":
            return n.SlotDef(line, col, kids[1].value, "argument")
        if kind == "slot_assignable":
            return n.SlotDef(line, col, kids[0].value, "assignable", value=self.node(kids[2]))
        if kind in ("slot_parent", "slot_parent_assignable"):
            slot = n.SlotDef(line, col, kids[0].value,
                             "constant" if kind == "slot_parent" else "assignable",
                             parent=True, value=self.node(kids[-1]))
            if self.is_method(slot.value):
                raise self.fail(f"parent slot '{slot.name}*' cannot hold a method", t)
            return slot
        if kind == "slot_constant":
            slot = n.SlotDef(line, col, kids[0].value, "constant", value=self.node(kids[2]))
            return self.make_method(slot, []) if self.is_method(slot.value) else slot
        if kind == "slot_binary":
            op = kids[0] if isinstance(kids[0], Token) else kids[0].children[0]
            slot = n.SlotDef(line, col, op.value, "constant",
                             value=self.node(kids[3]))
            return self.method_slot(slot, [kids[1].value], t)
        if kind == "slot_keyword":
            words = [k for k in kids[:-2] if k.type == "KEYWORD"]
            names = [k.value for k in kids[:-2] if k.type == "NAME"]
            self.check_unique(names, t, "argument")
            slot = n.SlotDef(line, col, "".join(w.value for w in words), "constant",
                             value=self.node(kids[-1]))
            return self.method_slot(slot, names, t)
        # slot_keyword_selfstyle: at:put: = (| :a. :b | ... )
        words = [k.value for k in kids[:-2]]
        slot = n.SlotDef(line, col, "".join(words), "constant", value=self.node(kids[-1]))
        return self.method_slot(slot, None, t)

    @staticmethod
    def is_method(value: n.Node | None) -> bool:
        return isinstance(value, n.Paren) or (
            isinstance(value, n.ObjectLiteral)
            and (value.body.statements or any(s.kind == "argument" for s in value.slots)))

    def method_slot(self, slot: n.SlotDef, arguments: list[str] | None, t: Tree) -> n.SlotDef:
        if not self.is_method(slot.value):
            raise self.fail(f"'{slot.name}' takes arguments, so its value must be a method "
                            "'( ... )'", t)
        return self.make_method(slot, arguments)

    def make_method(self, slot: n.SlotDef, arguments: list[str] | None) -> n.SlotDef:
        """Turn a slot whose value is `( ... )` or `(| :a. t | ... )` into a method slot."""
        value = slot.value
        wanted = arity(slot.name)
        if isinstance(value, n.Paren):
            body, source = value.body, value.source
            args = arguments or []
        else:
            assert isinstance(value, n.ObjectLiteral)
            args = [s.name for s in value.slots if s.kind == "argument"]
            if arguments:
                if args:
                    raise self.fail_at("give the arguments either in the selector or as "
                                       "':a' slots, not both", value)
                args = arguments
            temps = []
            for s in value.slots:
                if s.kind == "argument":
                    continue
                if s.kind != "assignable" or s.value is not None or s.parent:
                    raise self.fail_at(f"local slot '{s.name}' of a method must be a plain "
                                       "temporary (write '| t |' or '(| t |'", s)
                temps.append(s.name)
            body = n.Body(value.body.line, value.body.column, temps + value.body.temporaries,
                          value.body.statements)
            source = value.source  # type: ignore[attr-defined]
        if len(args) != wanted:
            raise self.fail_at(f"method '{slot.name}' takes {wanted} argument"
                               f"{'s' if wanted != 1 else ''} but {len(args)} "
                               f"{'are' if len(args) != 1 else 'is'} named", slot)
        clash = set(args) & set(body.temporaries)
        if clash:
            raise self.fail_at(f"'{sorted(clash)[0]}' is both an argument and a temporary", slot)
        slot.kind = "method"
        slot.arguments = args
        slot.value = body
        slot.source = source
        slot.source_line = value.line  # type: ignore[attr-defined]
        slot.source_column = value.column  # type: ignore[attr-defined]
        return slot

    def fail_at(self, message: str, node: n.Node) -> ParseError:
        lines = self.text.splitlines() or [""]
        local_line = node.line - self.line0 + 1
        source_line = lines[local_line - 1] if 0 < local_line <= len(lines) else ""
        if local_line == 1 and self.col0 > 1:
            source_line = " " * (self.col0 - 1) + source_line
        return ParseError(message, filename=self.filename, line=node.line, column=node.column,
                          source_line=source_line)


def parse_number(text: str) -> int | float:
    """Number literal text to a Python number: `16rFF`, `-3`, `1.5e-3`, `2e3` (an integer).

    Raises ValueError, with a message for people, for digits the radix does
    not have, a radix outside 2..36, or a number too long to be sensible.
    """
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("-")
    if len(body) > MAX_LITERAL_DIGITS:
        raise ValueError(f"number literal of {len(body):,} characters is too long "
                         f"(at most {MAX_LITERAL_DIGITS:,})")
    if "r" in body:
        radix_text, digits = body.split("r", 1)
        radix = int(radix_text)
        if not 2 <= radix <= 36:
            raise ValueError(f"radix {radix} is not between 2 and 36")
        for digit in digits:
            if int(digit, 36) >= radix:
                raise ValueError(f"'{digit}' is not a digit in radix {radix}")
        return sign * int(digits, radix)
    if "." in body:
        return sign * float(body)
    if "e" in body or "E" in body:
        mantissa, exponent = body.lower().split("e")
        exp = int(exponent)
        if exp > MAX_LITERAL_DIGITS:
            raise ValueError(f"exponent {exp:,} is too large (at most {MAX_LITERAL_DIGITS:,})")
        return sign * int(mantissa) * 10**exp if exp >= 0 else sign * int(mantissa) * 10.0**exp
    return sign * int(body)
