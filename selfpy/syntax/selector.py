"""Selectors: the names of messages, as interned Python strings."""

from __future__ import annotations

_BINARY_CHARS = frozenset("-+*/\\<>=~@%&?,!|")


def is_binary(selector: str) -> bool:
    """True for operator selectors such as `+` or `<=`."""
    return bool(selector) and selector[0] in _BINARY_CHARS


def arity(selector: str) -> int:
    """How many arguments a message with this selector takes."""
    if is_binary(selector):
        return 1
    return selector.count(":")


def keywords(selector: str) -> list[str]:
    """`at:put:` → ['at:', 'put:']."""
    return [part + ":" for part in selector.split(":")[:-1]]


def header(selector: str, arguments: list[str]) -> str:
    """The head of a method slot, as written in source: `at: i put: v`, `+ other`, `size`."""
    if is_binary(selector):
        return f"{selector} {arguments[0]}"
    if not arguments:
        return selector
    return " ".join(f"{part} {name}" for part, name in zip(keywords(selector), arguments,
                                                            strict=True))


def is_primitive(selector: str) -> bool:
    """Primitive selectors start with an underscore, as in Self (`_IntAdd:`)."""
    return selector.startswith("_")
