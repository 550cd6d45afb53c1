"""Syntax trees kept between processes, as Python keeps `.pyc` files.

Parsing needs Lark, and importing Lark and loading the parser's tables is
most of what a short command (`selfpy -e 0`, a script run again) spends
before it runs anything. So each tree the parser builds is also written to
the user's cache, under a digest of everything the tree depends on: the
text, where it stands (file, line, column), the grammar and the parser's
own code. The next process that parses the same text reads the tree back
and never imports Lark.

The cache only ever speeds things up: an entry that is missing, damaged,
written by other code or unreadable is parsed again, a cache that cannot be
written is not written, and parse errors are never kept (they are rare and
their messages are worked out from the text). Nor are trees deeper than
MAX_DEPTH (a chain of 100,000 sends is a tree that deep): pickle writes a tree
by recursion, on the C stack of whichever thread parses. The folder keeps at
most MAX_ENTRIES trees; the least recently written go first.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from ..resources import cache_folder, data_dir
from .nodes import Node

MAX_ENTRIES = 4_096
MAX_TEXT = 1 << 20  # longer texts are not kept
MAX_DEPTH = 1_000  # nor trees deeper than this (pickle recurses about three times a level)
_HERE = Path(__file__).resolve().parent
_fingerprint: bytes | None = None
enabled = True  # tests that count parses turn it off


def _parser_fingerprint() -> bytes:
    """What every tree depends on besides its text: the grammar and the code that builds trees."""
    global _fingerprint
    if _fingerprint is None:
        digest = hashlib.sha256()
        for path in (data_dir("grammar") / "selfpy.lark", _HERE / "parser.py", _HERE / "nodes.py"):
            digest.update(path.read_bytes())
        _fingerprint = digest.digest()
    return _fingerprint


def _folder() -> Path:
    return cache_folder() / "trees"


def _entry(key: tuple) -> Path | None:
    try:
        digest = hashlib.sha256(_parser_fingerprint())
    except OSError:  # an installation without its grammar or sources: keep nothing
        return None
    digest.update(repr(key).encode("utf-8", "surrogatepass"))
    return _folder() / digest.hexdigest()[:32]


def load(key: tuple, text: str) -> object | None:
    """The tree kept for `key` (which holds `text`), or None."""
    if not enabled or len(text) > MAX_TEXT:
        return None
    entry = _entry(key)
    if entry is None:
        return None
    try:
        with open(entry, "rb") as handle:
            kept_key, tree = pickle.load(handle)  # noqa: S301 - the user's own cache, as .pyc
    except Exception:  # noqa: BLE001 - missing, damaged or foreign: parse again
        return None
    return tree if kept_key == key else None


def store(key: tuple, text: str, tree: object, root: Node) -> None:
    """Keep `tree` (whose nodes are `root` and those inside it) for `key`; quietly
    does nothing when it cannot."""
    if not enabled or len(text) > MAX_TEXT or _deeper_than(root, MAX_DEPTH):
        return
    entry = _entry(key)
    if entry is None:
        return
    partial = entry.with_name(f"{entry.name}.{os.getpid()}")
    try:
        data = pickle.dumps((key, tree), protocol=pickle.HIGHEST_PROTOCOL)
        entry.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as handle:
            handle.write(data)
        os.replace(partial, entry)  # whole or not at all, for processes writing together
    except (OSError, RecursionError, pickle.PicklingError, MemoryError):
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        return
    if entry.name.startswith("00"):  # one new entry in 256 looks at the folder's size
        prune(entry.parent)


def _deeper_than(root: Node, limit: int) -> bool:
    stack = [(root, 1)]
    while stack:  # a stack of our own, as `Node.walk`
        node, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in node.children())
    return False


def prune(folder: Path, keep: int = MAX_ENTRIES) -> None:
    """Remove the least recently written entries beyond `keep`."""
    try:
        entries = [(e.stat().st_mtime, e) for e in folder.iterdir() if e.is_file()]
    except OSError:
        return
    if len(entries) <= keep:
        return
    entries.sort()
    for _, entry in entries[:len(entries) - keep]:
        try:
            entry.unlink()
        except OSError:
            pass
