"""selfpy: a Self-style, prototype-based language whose world lives in a ZODB image.

Importing `selfpy` is light: `World`, `Proxy` and `completeness` are loaded on
first use, so tools that need only part of the package (the pygments lexer)
do not load ZODB or the synthesis pipeline.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .errors import ConflictingChangeError, NotUnderstoodError, ParseError, SelfpyError

if TYPE_CHECKING:
    from .embed.boundary import Proxy
    from .embed.world import World
    from .syntax.parser import completeness

__all__ = ["ConflictingChangeError", "NotUnderstoodError", "ParseError", "Proxy", "SelfpyError",
           "World", "completeness"]
__version__ = "0.1.0"

_LAZY = {"World": "selfpy.embed.world", "Proxy": "selfpy.embed.boundary",
         "completeness": "selfpy.syntax.parser"}


def __getattr__(name: str) -> object:
    """`selfpy.World` and the other embedding names, imported when first asked for."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'selfpy' has no attribute {name!r}")
