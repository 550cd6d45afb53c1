"""Number primitives. Integers are Python ints (exact, unbounded), floats Python floats."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..limits import check_bits

if TYPE_CHECKING:
    from ...objects.interpreter import Interpreter

_NUMBERS = (int, float)


def install(rt: Interpreter) -> dict[str, Callable]:
    def number(value: object, selector: str) -> int | float:
        if type(value) not in _NUMBERS:
            rt.signal("error", f"{selector} expects a number, not {rt.describe(value)}")
        return value  # type: ignore[return-value]

    def arithmetic(op: Callable, selector: str, operand: Callable | None = None) -> Callable:
        """A binary primitive over numbers (or over what `operand` checks, e.g. integers)."""
        check = operand or number

        def primitive(a: object, b: object) -> object:
            return op(check(a, selector), check(b, selector))
        return primitive

    def compare(op: Callable, selector: str) -> Callable:
        def primitive(a: object, b: object) -> object:
            return rt.true if op(number(a, selector), number(b, selector)) else rt.false
        return primitive

    def multiply(a: int | float, b: object) -> int | float:
        a, b = number(a, "*"), number(b, "*")
        if type(a) is int and type(b) is int:
            check_bits(rt.signal, a.bit_length() + b.bit_length(), "*")
        return a * b

    def divide(a: int | float, b: object) -> int | float:
        b = number(b, "/")
        if type(a) is int and type(b) is int:
            if b == 0:
                raise ZeroDivisionError
            quotient, remainder = divmod(a, b)
            return quotient if remainder == 0 else a / b
        return a / b

    def equal(a: object, b: object) -> object:
        return rt.true if type(b) in _NUMBERS and a == b else rt.false

    def remainder(a: int | float, b: object) -> int | float:
        b = number(b, "rem:")
        if b == 0:
            raise ZeroDivisionError
        if type(a) is int and type(b) is int:
            r = abs(a) % abs(b)
            return -r if a < 0 else r
        return math.fmod(a, b)

    def quotient(a: int | float, b: object) -> int:
        b = number(b, "quo:")
        if b == 0:
            raise ZeroDivisionError
        q = abs(a) // abs(b)
        return int(-q if (a < 0) != (b < 0) else q)

    def power(a: int | float, b: object) -> int | float:
        b = number(b, "raisedTo:")
        if type(a) is int and type(b) is int and b >= 0 and abs(a) > 1:
            check_bits(rt.signal, b * (abs(a).bit_length() - 1) + 1, "raisedTo:")
        if type(b) is int and b < 0 and type(a) is int:
            if a == 0:
                raise ZeroDivisionError
            return a ** b
        return a ** b

    def sqrt(a: int | float) -> float:
        if a < 0:
            rt.signal("error", f"sqrt of a negative number ({a})")
        if type(a) is int:
            root = math.isqrt(a)
            if root * root == a and a.bit_length() > 52:
                return float(root)
        return math.sqrt(a)

    def gcd(a: int, b: object) -> int:
        b = number(b, "gcd:")
        if type(a) is not int or type(b) is not int:
            rt.signal("error", "gcd: needs integers")
        return math.gcd(a, b)

    def print_string(a: int | float) -> str:
        number(a, "printString")
        if type(a) is float:
            if math.isinf(a):
                return "infinity" if a > 0 else "-infinity"
            if math.isnan(a):
                return "nan"
            return repr(a)
        return str(a)

    def print_radix(a: int | float, radix: object) -> str:
        if type(a) is not int or type(radix) is not int or not 2 <= radix <= 36:
            rt.signal("error", "printString: needs an integer receiver and a radix from 2 to 36")
        digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        n, out = abs(a), []
        while True:
            n, d = divmod(n, radix)
            out.append(digits[d])
            if n == 0:
                break
        return ("-" if a < 0 else "") + "".join(reversed(out))

    def as_integer(a: int | float) -> int:
        if type(a) is float and (math.isinf(a) or math.isnan(a)):
            rt.signal("error", f"{print_string(a)} has no integer value")
        return int(a)

    def integer(value: object, selector: str) -> int:
        if type(value) is not int:
            rt.signal("error", f"{selector} expects an integer, not {rt.describe(value)}")
        return value  # type: ignore[return-value]

    def shift_left(a: object, b: object) -> int:
        a, b = integer(a, "<<"), integer(b, "<<")
        if b < 0:
            return a >> -b
        if a:
            check_bits(rt.signal, a.bit_length() + b, "<<")
        return a << b

    def shift_right(a: object, b: object) -> int:
        a, b = integer(a, ">>"), integer(b, ">>")
        return shift_left(a, -b) if b < 0 else a >> b

    def as_character(a: object) -> str:
        code = integer(a, "asCharacter")
        if not 0 <= code <= 0x10FFFF:
            rt.signal("error", f"asCharacter: {code} is not a character code")
        return chr(code)

    return {
        "_IntAsCharacter": as_character,
        "_IntBitAnd:": arithmetic(lambda a, b: a & b, "bitAnd:", integer),
        "_IntBitOr:": arithmetic(lambda a, b: a | b, "bitOr:", integer),
        "_IntBitXor:": arithmetic(lambda a, b: a ^ b, "bitXor:", integer),
        "_IntShiftLeft:": shift_left,
        "_IntShiftRight:": shift_right,
        "_NumAdd:": arithmetic(lambda a, b: a + b, "+"),
        "_NumSub:": arithmetic(lambda a, b: a - b, "-"),
        "_NumMul:": multiply,
        "_NumDiv:": divide,
        "_NumFloorDiv:": arithmetic(lambda a, b: a // b, "//"),
        "_NumMod:": arithmetic(lambda a, b: a % b, "\\\\"),
        "_NumRem:": remainder,
        "_NumQuo:": quotient,
        "_NumLT:": compare(lambda a, b: a < b, "<"),
        "_NumGT:": compare(lambda a, b: a > b, ">"),
        "_NumLE:": compare(lambda a, b: a <= b, "<="),
        "_NumGE:": compare(lambda a, b: a >= b, ">="),
        "_NumEq:": equal,
        "_NumRaisedTo:": power,
        "_NumSqrt": sqrt,
        "_NumSin": lambda a: math.sin(a),
        "_NumCos": lambda a: math.cos(a),
        "_NumGcd:": gcd,
        "_NumAsFloat": lambda a: float(a),
        "_NumAsInteger": as_integer,
        "_NumFloor": lambda a: math.floor(a),
        "_NumCeiling": lambda a: math.ceil(a),
        "_NumRounded": lambda a: round(a),
        "_NumPrintString": print_string,
        "_NumPrintString:": print_radix,
        "_NumHash": lambda a: hash(a),
        "_NumIsInteger": lambda a: rt.boolean(type(a) is int),
    }
