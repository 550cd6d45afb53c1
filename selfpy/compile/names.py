"""Names shared by generated code and the runtime that fills its namespace."""

from __future__ import annotations


def python_name(selector: str) -> str:
    """The global name compiled code uses for a primitive: `_At:Put:` → `P_At_Put_`."""
    return "P" + selector.replace(":", "_")
