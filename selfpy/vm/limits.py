"""How big a string, collection or integer may grow: the one place for resource guards.

Every primitive that makes something bigger asks here first, so a runaway
loop (`s := s , s` forty times) is a selfpy error long before the machine
runs out of memory. The limits are documented in docs/decisions.md.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

MAX_STRING = 1 << 26  # characters (64 Mi; at most 256 MB even for wide characters)
MAX_ELEMENTS = 1 << 25  # elements of one vector, list, dictionary or set (32 Mi)
MAX_INTEGER_BITS = 1 << 20  # bits of one integer (315,653 decimal digits)
# printString works for every integer up to the limit, with room for a sum that grew a little
# past it (inlined `+` is not checked); Python refuses 4,300 digits by default.
MAX_INTEGER_DIGITS = 400_000

Signal = Callable[[str, str], None]


def allow_big_integers() -> None:
    """Let Python convert integers up to the limit to and from text (a process setting)."""
    if sys.get_int_max_str_digits() and sys.get_int_max_str_digits() < MAX_INTEGER_DIGITS:
        sys.set_int_max_str_digits(MAX_INTEGER_DIGITS)


def check_string(signal: Signal, size: int, selector: str) -> None:
    """Refuse a string of `size` characters when it is over the limit."""
    if size > MAX_STRING:
        signal("error", f"{selector} would make a string too large: {size:,} characters "
                        f"(at most {MAX_STRING:,})")


def check_elements(signal: Signal, size: int, selector: str) -> None:
    """Refuse a collection of `size` elements when it is over the limit."""
    if size > MAX_ELEMENTS:
        signal("error", f"{selector} would make a collection too large: {size:,} elements "
                        f"(at most {MAX_ELEMENTS:,})")


def check_bits(signal: Signal, bits: int, selector: str) -> None:
    """Refuse an integer of about `bits` bits when it is over the limit."""
    if bits > MAX_INTEGER_BITS:
        signal("error", f"{selector} would make an integer too large: about {bits:,} bits "
                        f"(at most {MAX_INTEGER_BITS:,})")
