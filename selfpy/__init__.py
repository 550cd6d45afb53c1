"""selfpy: a Self-style, prototype-based language whose world lives in a ZODB image."""

from .errors import NotUnderstoodError, ParseError, SelfpyError
from .parser import completeness
from .world import World

__all__ = ["World", "SelfpyError", "ParseError", "NotUnderstoodError", "completeness"]
__version__ = "0.1.0"
