"""Reading a selfpy source file: UTF-8 text, or a clear error at the first bad byte."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import SelfpyError

BOM = b"\xef\xbb\xbf"


def read_source(path: str | os.PathLike) -> str:
    """The text of the source file `path` (a UTF-8 byte order mark is dropped).

    A directory, an unreadable file, a binary file (one with a NUL byte) or
    bytes that are not UTF-8 give a SelfpyError naming the file, and the
    line and column of the first bad byte.
    """
    name = str(path)
    if Path(path).is_dir():
        raise SelfpyError(f"{name} is a directory, not a selfpy script", filename=name)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise SelfpyError(f"cannot read {name}: {(error.strerror or str(error)).lower()}",
                          filename=name) from None
    if data.startswith(BOM):
        data = data[len(BOM):]
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _position(data, nul)
        raise SelfpyError("a binary file, not selfpy source (a NUL byte)", filename=name,
                          line=line, column=column)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        raise SelfpyError(f"not UTF-8 text: byte 0x{data[error.start]:02x} ({error.reason}); "
                          "save the file as UTF-8", filename=name, line=line,
                          column=column) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based, in characters) of byte `offset`."""
    start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column
