"""String primitives. Strings are immutable Python strs; indexes start at 1."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...syntax.parser import parse_number
from ..limits import check_string
from .indexing import python_index

if TYPE_CHECKING:
    from ...objects.interpreter import Interpreter


def install(rt: Interpreter) -> dict[str, Callable]:
    def string(value: object, selector: str) -> str:
        if type(value) is not str:
            rt.signal("error", f"{selector} expects a string, not {rt.describe(value)}")
        return value  # type: ignore[return-value]

    def index(s: str, i: object, selector: str) -> int:
        return python_index(rt, i, len(s), selector, "a string")

    def at(s: str, i: object) -> str:
        if type(i) is int and 0 < i <= len(s):
            return s[i - 1]
        return s[index(s, i, "at:")]

    def copy_from_to(s: str, start: object, stop: object) -> str:
        if type(start) is not int or type(stop) is not int:
            rt.signal("error", "copyFrom:to: expects integer indexes")
        if stop < start:  # type: ignore[operator]
            return ""
        index(s, start, "copyFrom:to:")
        index(s, stop, "copyFrom:to:")
        return s[start - 1:stop]  # type: ignore[operator]

    def as_number(s: str) -> object:
        try:
            return parse_number(s.strip())
        except (ValueError, IndexError):
            return rt.nil

    def concat(a: str, b: object) -> str:
        b = string(b, ",")
        check_string(rt.signal, len(a) + len(b), ",")
        return a + b

    def repeat(s: str, n: object) -> str:
        if type(n) is not int or n < 0:
            rt.signal("error", f"repeat: needs a non-negative integer, not {rt.describe(n)}")
        check_string(rt.signal, len(s) * n, "repeat:")
        return s * n

    def print_string(s: str) -> str:
        string(s, "printString")
        check_string(rt.signal, len(s) + s.count("'") + 2, "printString")
        return "'" + s.replace("'", "''") + "'"

    def index_of(s: str, part: object) -> int:
        return s.find(string(part, "indexOf:")) + 1

    def compare(op: Callable, selector: str) -> Callable:
        def primitive(a: str, b: object) -> object:
            return rt.boolean(op(a, string(b, selector)))
        return primitive

    return {
        "_StrSize": len,
        "_StrAt:": at,
        "_StrConcat:": concat,
        "_StrEq:": lambda a, b: rt.boolean(type(b) is str and a == b),
        "_StrLT:": compare(lambda a, b: a < b, "<"),
        "_StrIncludes:": lambda a, b: rt.boolean(string(b, "includesSubstring:") in a),
        "_StrIndexOf:": index_of,
        "_StrCopyFrom:To:": copy_from_to,
        "_StrUpper": str.upper,
        "_StrLower": str.lower,
        "_StrAsNumber": as_number,
        "_StrReversed": lambda s: s[::-1],
        "_StrPrintString": print_string,
        "_StrHash": hash,
        "_StrAsSymbol": lambda s: __import__("sys").intern(s),
        "_StrTrimmed": str.strip,
        "_StrSplit:": lambda s, sep: rt.make_vector(s.split(string(sep, "splitOn:")) if sep
                                                   else list(s)),
        "_StrRepeat:": repeat,
    }
