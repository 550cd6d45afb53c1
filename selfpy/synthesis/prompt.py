"""The prompt that asks a model for a missing method.

It is a chat: the system message and fixed few-shot examples from
`models/prompt.toml`, then methods retrieved from the image as more
examples, then the request itself: the method's header, the receiver, where
the method will live, and the examples it must satisfy.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from ..resources import read_toml
from .candidate import header as method_header
from .retrieval import Found


@lru_cache(maxsize=1)
def material() -> dict:
    """`models/prompt.toml`."""
    return read_toml("models", "prompt.toml")


def messages(header: str, receiver: str, place: str, examples: list[str],
             retrieved: list[Found]) -> list[dict]:
    """The chat for one request."""
    text = material()
    chat = [{"role": "system", "content": text["system"]}]
    for example in text.get("example", []):
        chat.append({"role": "user", "content": example["request"]})
        chat.append({"role": "assistant", "content": example["answer"]})
    for found in retrieved:
        method = found.method
        shown = method_header(method.selector, method.arguments)
        chat.append({"role": "user", "content": f"Write `{shown}` for {found.holder_name}."})
        chat.append({"role": "assistant", "content": method.source})
    wanted = f"Write `{header}` for {receiver} ({place})."
    if examples:
        wanted += " Examples: " + " ".join(e.rstrip(".") + "." for e in examples)
    chat.append({"role": "user", "content": wanted})
    return chat


def digest(chat: list[dict]) -> str:
    """sha256 of the chat, recorded in the provenance of what the model wrote."""
    return hashlib.sha256(json.dumps(chat, sort_keys=True).encode()).hexdigest()
