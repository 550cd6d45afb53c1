"""The errors selfpy shows its users, and how they are printed (with a caret)."""

from __future__ import annotations

from collections.abc import Callable


class SelfpyError(Exception):
    """An error in selfpy code, as the user should see it.

    While code runs, `error` is the selfpy error object (a clone of the
    `error` prototype) that `on:do:` handlers receive; `backtrace` is filled
    in when the error leaves the interpreter.
    """

    def __init__(self, message: str, error: object = None, *, filename: str | None = None,
                 line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.error = error
        self.filename = filename
        self.line = line
        self.column = column
        self.backtrace: list[tuple[str, str, int, int, bool]] = []
        self.notes: list[str] = []  # what else went wrong while unwinding (an ensure: block)

    @property
    def position(self) -> str:
        """`file:line:col` (as much of it as is known)."""
        parts = [self.filename or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        """The message with its position and the selfpy backtrace, for a terminal."""
        head = f"{self.position}: {self.message}" if self.line is not None else self.message
        lines = [head] + [f"  ({note})" for note in self.notes]
        if self.backtrace:
            lines.append("selfpy backtrace (most recent send last):")
            lines.extend(fold_backtrace([f"  {frame[1]} in {frame[0]}"
                                         for frame in self.backtrace]))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.message


class ParseError(SelfpyError):
    """Source that is not selfpy. `incomplete` is true when more input could fix it."""

    def __init__(self, message: str, *, filename: str | None, line: int, column: int,
                 source_line: str, incomplete: bool = False) -> None:
        super().__init__(message, filename=filename, line=line, column=column)
        self.source_line = source_line
        self.incomplete = incomplete

    def format(self) -> str:
        caret = " " * (max(self.column, 1) - 1) + "^"
        return f"{self.position}: {self.message}\n    {self.source_line}\n    {caret}"


class NotUnderstoodError(SelfpyError, AttributeError):
    """A message no object in the receiver's lookup path understood.

    Also an AttributeError, so `getattr(proxy, name, default)` and `hasattr`
    work on proxies as Python programmers expect.
    """


class ConflictingChangeError(SelfpyError):
    """Another connection committed a change to the same objects first."""


class NonLocalReturn(BaseException):
    """`^` inside a block: unwinds to the block's home method.

    BaseException, so that no `except Exception` in a primitive swallows it.
    """

    def __init__(self, home: object, value: object) -> None:
        self.home = home
        self.value = value


# ---- host failures ------------------------------------------------------------

HOST_ERRORS: tuple[type[BaseException], ...] = (
    ArithmeticError, MemoryError, RecursionError, OSError, ValueError, TypeError,
    AttributeError, LookupError)
"""Python exceptions that code running in selfpy can cause; each becomes a selfpy error.

Everything else that is not a `SelfpyError` is a control transfer (non-local
return, Ctrl-C, a budget running out) or a database event, handled where it
happens.
"""


def damaged_object(exc: BaseException) -> object | None:
    """The object whose record in the image failed to load, when that is what `exc` is
    (its traceback passes through the database's loading of one object's state)."""
    traceback = exc.__traceback__
    while traceback is not None:
        frame = traceback.tb_frame
        code = frame.f_code
        if code.co_name == "setstate" and code.co_filename.endswith("Connection.py") \
                and "ZODB" in code.co_filename:
            return frame.f_locals.get("obj")
        traceback = traceback.tb_next
    return None


def host_error(exc: BaseException,
               name_of: Callable[[object], str] | None = None) -> tuple[str, str]:
    """(error prototype name, message) for a host exception: the one translation table.

    `name_of` names an object of the image (its slot in the lobby) for the
    message about a damaged one.
    """
    name = type(exc).__name__
    obj = damaged_object(exc)
    if obj is not None:
        oid = getattr(obj, "_p_oid", None)
        what = ""
        if name_of is not None:
            try:
                what = name_of(obj)
            except Exception:  # noqa: BLE001 - naming it must not fail in its turn
                what = ""
        kind = f"{what}, a {type(obj).__name__}" if what else f"a {type(obj).__name__}"
        cause = exc.__cause__ or exc  # the database's StateLoadError wraps the real failure
        detail = f"{type(cause).__name__}: {cause}".rstrip(": ")
        digits = oid.hex().lstrip("0") if isinstance(oid, bytes) else "?"
        number = "0x" + ("0" * (len(digits) % 2) + digits or "00")  # as `image verify` shows it
        return "error", (f"object {number} ({kind}) of the image is "
                         f"damaged and cannot be loaded ({detail}); run `selfpy image verify` "
                         "to find every damaged object")
    if isinstance(exc, RecursionError):
        return "stackOverflow", "stack depth exceeded (too many nested sends)"
    if isinstance(exc, ZeroDivisionError):
        return "zeroDivide", "division by zero"
    if isinstance(exc, MemoryError):
        return "error", "out of memory"
    if isinstance(exc, OverflowError):
        return "error", f"number too large: {exc}"
    if isinstance(exc, UnicodeError):
        return "error", f"text that cannot be encoded or decoded: {exc}"
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return "error", f"operating system error: {exc.strerror or exc}{where}"
    if isinstance(exc, ValueError) and "digits" in str(exc):
        return "error", f"number too large to convert: {exc}"
    if isinstance(exc, ValueError):
        return "error", f"invalid value: {exc}"
    if isinstance(exc, ArithmeticError):
        return "error", f"arithmetic error: {exc}"
    if isinstance(exc, (TypeError, AttributeError, LookupError)):
        return "error", f"a primitive was given a value it cannot use ({name}: {exc})"
    return "error", f"internal error: {name}: {exc}"


FOLD_KEEP = 10  # frames kept at each end of a long backtrace


def fold_backtrace(lines: list[str], keep: int = FOLD_KEEP) -> list[str]:
    """A long backtrace (a stack overflow) as its first and last frames and a count between.

    `... 19,980 more frames of fib: ...` says what the hidden frames were, the
    most frequent first.
    """
    if len(lines) <= 2 * keep + 1:
        return lines
    hidden = lines[keep:-keep]
    counts: dict[str, int] = {}
    for line in hidden:
        what = line.rpartition(" in ")[2]
        counts[what] = counts.get(what, 0) + 1
    kinds = sorted(counts, key=lambda k: -counts[k])
    named = ", ".join(kinds[:3]) + (f" and {len(kinds) - 3} more" if len(kinds) > 3 else "")
    return lines[:keep] + [f"  ... {len(hidden):,} more frames of {named} ..."] + lines[-keep:]
