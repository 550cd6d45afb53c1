"""The errors selfpy shows its users, and how they are printed (with a caret)."""

from __future__ import annotations


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
        lines = [head]
        if self.backtrace:
            lines.append("selfpy backtrace (most recent send last):")
            lines.extend(f"  {frame[1]} in {frame[0]}" for frame in self.backtrace)
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
