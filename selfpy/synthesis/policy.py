"""What a message nobody understood does: the synthesis policies.

Its own small module, so the command line can offer the names without
loading the synthesis pipeline.
"""

from __future__ import annotations

from ..errors import SelfpyError

POLICIES = ("never", "ask", "auto")


def checked(name: str) -> str:
    """`name` if it is a policy, else a selfpy error naming the policies."""
    if name not in POLICIES:
        raise SelfpyError(f"synthesize must be one of {', '.join(POLICIES)}, not {name!r}")
    return name
