"""The constrained-decoding grammar: llama.cpp GBNF for a method body, derived
from `grammar/selfpy.lark`.

The derivation takes Lark's compiled rules reachable from `paren` (a method
body `( ... )`), drops what a synthesized method must not write (object
literals, resends, character literals, comments), removes left recursion
(llama.cpp cannot follow it), and spells every terminal in GBNF followed by
the space that separates it from the next token. Names never start with `_`,
so no sample can send a primitive.

The result is checked before it is handed to llama.cpp, which aborts the
whole process on a grammar it cannot use: every rule referenced is defined,
nothing is left-recursive, no repetition can match the empty string.
`sample` draws random method bodies from the same rules; the tests parse
thousands of them with the real parser.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache

import lark

from ..resources import data_dir

START = "paren"
# Terminals a synthesized method body never needs.
LEFT_OUT = {"OBJ_OPEN", "RESEND", "CHARACTER", "BAR_SLOT", "ASSIGN_SLOT", "COMMENT", "WS"}
# Binary selectors a sample may use; a lone = * - | have terminals of their own.
BINARY = ["+", "/", "//", "\\\\", "<", ">", "<=", ">=", "~=", "==", "~~", ",", "&", "@", "%",
          "->"]
# Pattern terminals, spelled in GBNF. Literal terminals are spelled from the grammar itself.
SPELLING = {
    "NAME": '[a-z] [a-zA-Z0-9]*',
    "KEYWORD": '[a-z] [a-zA-Z0-9]* ":"',
    "NUMBER": '"-"? [0-9]+ ("." [0-9]+)?',
    "STRING": "\"'\" [^'\\n]* \"'\"",
    "SYMBOL": '"#" [a-z] [a-zA-Z0-9]*',
    "BINOP": "(" + " | ".join('"' + op.replace("\\", "\\\\") + '"' for op in BINARY) + ")",
    "EQUAL": '"="',
    "STAR": '"*"',
    "MINUS": '"-"',
    "BAR": '"|"',
}
# What follows a terminal: words need a space before the next token; after
# punctuation it may be left out; after ':' (block arguments, `:x`) nothing.
SPACE = ' " "'
AFTER = {"COLON": "", "RPAR": ' " "?', "LSQB": ' " "?', "RSQB": ' " "?',
         "LBRACE": ' " "?', "RBRACE": ' " "?', "DOT": ' " "?', "SEMI": ' " "?',
         "CARET": ' " "?'}


class GrammarError(Exception):
    """A derived grammar llama.cpp must not be given."""


@dataclass
class Rule:
    """`name ::= (base | ...) (tail | ...)*`, tails coming from removed left recursion."""

    name: str
    bases: list[list[str]] = field(default_factory=list)
    tails: list[list[str]] = field(default_factory=list)


@dataclass
class Grammar:
    """The derived rules and terminal spellings, as GBNF text and for sampling."""

    rules: dict[str, Rule]
    terminals: dict[str, str]  # terminal name → GBNF spelling (without the trailing space)
    literals: dict[str, str]  # literal terminal name → its text (for sampling)

    def text(self) -> str:
        lines = [f"root ::= {_ref(START)}"]
        for rule in self.rules.values():
            alternatives = " | ".join(_sequence(e) for e in rule.bases) or '""'
            body = f"( {alternatives} )" if rule.tails else alternatives
            if rule.tails:
                body += " ( " + " | ".join(_sequence(e) for e in rule.tails) + " )*"
            lines.append(f"{_ref(rule.name)} ::= {body}")
        for name, spelling in self.terminals.items():
            lines.append(f"{_ref(name)} ::= {spelling}{AFTER.get(name, SPACE)}")
        return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def derive() -> Grammar:
    """The method-body grammar, derived from `grammar/selfpy.lark` and checked."""
    source = (data_dir("grammar") / "selfpy.lark").read_text(encoding="utf-8")
    parser = lark.Lark(source, parser="lalr", start=["method_body"], maybe_placeholders=False)
    terminal_defs = {t.name: t for t in parser.terminals}
    expansions: dict[str, list[list[str]]] = {}
    for rule in parser.rules:
        symbols = [s.name for s in rule.expansion]
        if any(s in LEFT_OUT for s in symbols):
            continue
        expansions.setdefault(rule.origin.name, []).append(symbols)
    _drop_empty(expansions, terminal_defs)
    reachable = _reachable(expansions, START)
    rules = {}
    for name in sorted(reachable & expansions.keys(), key=list(expansions).index):
        rule = Rule(name)
        for symbols in expansions[name]:
            if symbols[:1] == [name]:
                rule.tails.append(symbols[1:])
            else:
                rule.bases.append(symbols)
        rules[name] = rule
    terminals: dict[str, str] = {}
    literals: dict[str, str] = {}
    for name in sorted(reachable - expansions.keys()):
        pattern = terminal_defs[name].pattern
        if pattern.type == "str":
            literals[name] = pattern.value
            terminals[name] = _literal(pattern.value)
        elif name in SPELLING:
            terminals[name] = SPELLING[name]
        else:
            raise GrammarError(f"terminal {name} has no GBNF spelling; add it to SPELLING "
                               "or LEFT_OUT in selfpy/gbnf.py")
    grammar = Grammar(rules, terminals, literals)
    check(grammar)
    return grammar


def check(grammar: Grammar) -> None:
    """Refuse a grammar llama.cpp would choke on."""
    defined = set(grammar.rules) | set(grammar.terminals)
    for rule in grammar.rules.values():
        if not rule.bases:
            raise GrammarError(f"rule {rule.name} has no way to start")
        for symbols in rule.bases + rule.tails:
            for symbol in symbols:
                if symbol not in defined:
                    raise GrammarError(f"rule {rule.name} refers to undefined {symbol}")
    nullable = _nullable(grammar)
    for rule in grammar.rules.values():
        for tail in rule.tails:
            if all(s in nullable for s in tail):
                raise GrammarError(f"a repetition in rule {rule.name} can match nothing")
    # left recursion: a rule reachable from itself through leading (nullable-prefixed) symbols
    leading: dict[str, set[str]] = {}
    for rule in grammar.rules.values():
        firsts: set[str] = set()
        for symbols in rule.bases + rule.tails:
            for symbol in symbols:
                firsts.add(symbol)
                if symbol not in nullable:
                    break
        leading[rule.name] = firsts & set(grammar.rules)
    for name in grammar.rules:
        stack, seen = list(leading[name]), set()
        while stack:
            current = stack.pop()
            if current == name:
                raise GrammarError(f"rule {name} is left-recursive")
            if current not in seen:
                seen.add(current)
                stack.extend(leading[current])
    text = grammar.text()
    referenced = set(re.findall(r"(?<![\"\[\w-])([a-z][a-z0-9-]*)(?![\"\]\w-])",
                                re.sub(r'"(?:[^"\\]|\\.)*"|\[(?:[^\]\\]|\\.)*\]', " ", text)))
    names = set(re.findall(r"^([a-z][a-z0-9-]*) ::=", text, re.MULTILINE))
    if not referenced <= names:
        raise GrammarError(f"GBNF refers to undefined rules {sorted(referenced - names)}")


def sample(rng: random.Random, grammar: Grammar | None = None, depth: int = 12) -> str:
    """A random method body the grammar allows (what llama.cpp could write)."""
    grammar = grammar or derive()
    lengths = _min_depths(grammar)
    out: list[str] = []

    def expand(symbol: str, budget: int) -> None:
        if symbol in grammar.terminals:
            out.append(_spell(symbol, grammar, rng))
            return
        rule = grammar.rules[symbol]

        def pick(options: list[list[str]]) -> list[str]:
            if budget <= 0:
                return min(options, key=lambda e: max((lengths[s] for s in e), default=0))
            return rng.choice(options)
        for s in pick(rule.bases):
            expand(s, budget - 1)
        while rule.tails and budget > 0 and rng.random() < 0.3:
            for s in pick(rule.tails):
                expand(s, budget - 1)

    expand(START, depth)
    return "".join(out)


def _spell(terminal: str, grammar: Grammar, rng: random.Random) -> str:
    after = {"": "", ' " "?': rng.choice(["", " "])}.get(AFTER.get(terminal, SPACE), " ")
    if terminal in grammar.literals:
        return grammar.literals[terminal] + after
    name = rng.choice(["x", "self", "a", "size", "at", "value", "true", "nil", "total2"])
    text = {
        "NAME": name,
        "KEYWORD": rng.choice(["at", "put", "ifTrue", "with", "inject", "into"]) + ":",
        "NUMBER": rng.choice(["0", "7", "-3", "2.5", "-0.25", "100"]),
        "STRING": rng.choice(["''", "'abc'", "'a b'"]),
        "SYMBOL": rng.choice(["#foo", "#at2"]),
        "BINOP": rng.choice(BINARY).replace("\\\\", "\\"),
        "EQUAL": "=", "STAR": "*", "MINUS": "-", "BAR": "|",
    }[terminal]
    return text + after


def _min_depths(grammar: Grammar) -> dict[str, int]:
    depth = {name: 0 for name in grammar.terminals}
    changed = True
    while changed:
        changed = False
        for rule in grammar.rules.values():
            options = [1 + max((depth.get(s, 10**6) for s in e), default=0) for e in rule.bases]
            best = min(options)
            if best < depth.get(rule.name, 10**6):
                depth[rule.name] = best
                changed = True
    return depth


def _nullable(grammar: Grammar) -> set[str]:
    nullable: set[str] = set()
    changed = True
    while changed:
        changed = False
        for rule in grammar.rules.values():
            if rule.name not in nullable and any(all(s in nullable for s in e)
                                                 for e in rule.bases):
                nullable.add(rule.name)
                changed = True
    return nullable


def _drop_empty(expansions: dict[str, list[list[str]]], terminals: dict) -> None:
    """Remove rules left with no expansions, and expansions that use them."""
    changed = True
    while changed:
        changed = False
        for name in list(expansions):
            kept = [e for e in expansions[name]
                    if all(s in expansions or (s in terminals and s not in LEFT_OUT) for s in e)]
            if len(kept) != len(expansions[name]):
                changed = True
            if kept:
                expansions[name] = kept
            else:
                del expansions[name]


def _reachable(expansions: dict[str, list[list[str]]], start: str) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        for symbols in expansions.get(name, []):
            stack.extend(symbols)
    return seen


def _ref(name: str) -> str:
    """A GBNF rule name: lower case, letters, digits and dashes (`__x_star_0` → `x-star-0`)."""
    return name.strip("_").lower().replace("_", "-") + ("-t" if name.isupper() else "")


def _sequence(symbols: list[str]) -> str:
    return " ".join(_ref(s) for s in symbols) if symbols else '""'


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
