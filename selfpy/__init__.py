"""selfpy: a Self-style, prototype-based language whose world lives in a ZODB image."""

from .errors import ConflictingChangeError, NotUnderstoodError, ParseError, SelfpyError
from .parser import completeness
from .proxy import Proxy
from .world import World

__all__ = ["ConflictingChangeError", "NotUnderstoodError", "ParseError", "Proxy", "SelfpyError",
           "World", "completeness"]
__version__ = "0.1.0"
