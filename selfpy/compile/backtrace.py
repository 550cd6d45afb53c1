"""Selfpy backtraces from Python tracebacks.

Each compiled unit registers a code file name with the selector it
implements, the selfpy file it came from, and a map from generated Python
lines to selfpy lines; a traceback is then read back as selfpy sends.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from types import TracebackType

_PREFIX = "<selfpy "
_registry: dict[str, tuple[CodeInfo, list[tuple[int, int]]]] = {}
_numbers = itertools.count()


@dataclass(frozen=True)
class CodeInfo:
    selector: str
    holder: str
    filename: str | None
    kernel: bool = False


def register(info: CodeInfo, line_map: list[tuple[int, int]]) -> str:
    """Remember a unit; answer the file name its Python code must carry."""
    filename = f"{_PREFIX}{next(_numbers)} {info.selector}>"
    _registry[filename] = (info, line_map)
    return filename


Frame = tuple[str, str, int, int, bool]


def frames(traceback: TracebackType | None) -> list[Frame]:
    """(selector, 'file:line', line, column, kernel) for each selfpy frame, outermost first."""
    result = []
    while traceback is not None:
        code = traceback.tb_frame.f_code
        entry = _registry.get(code.co_filename)
        if entry is not None:
            info, line_map = entry
            python_line = traceback.tb_lineno
            line, column = line_map[python_line - 1] if 0 < python_line <= len(line_map) else (0, 0)
            selector = info.selector if not info.holder else f"{info.holder} {info.selector}"
            result.append((selector, f"{info.filename or '<input>'}:{line}", line, column,
                           info.kernel))
        traceback = traceback.tb_next
    return result


def blame(trace: list[Frame]) -> Frame | None:
    """The frame an error should be reported at: the innermost one outside the kernel."""
    for frame in reversed(trace):
        if not frame[4]:
            return frame
    return trace[-1] if trace else None
