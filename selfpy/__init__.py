"""selfpy: a Self-style, prototype-based language whose world lives in a ZODB image."""

from .errors import NotUnderstoodError, ParseError, SelfpyError
from .parser import completeness
from .world import World

__all__ = ["NotUnderstoodError", "ParseError", "SelfpyError", "World", "completeness"]
__version__ = "0.1.0"
