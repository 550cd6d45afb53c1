"""Bringing an image of an older format up to date.

The formats and what each migration does are listed in
`image/genesis.toml`; the steps themselves are here, one function per
format step. A file image is backed up before it is migrated.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from BTrees.IOBTree import IOBTree

from ..errors import SelfpyError
from ..objects import layout
from ..objects.slot import CONSTANT, Slot
from . import kernel
from .genesis import recipe, seed_objects

if TYPE_CHECKING:
    from ..vm.runtime import Runtime

CURRENT = recipe()["format"]


def check(format_: int, path: object) -> None:
    """Refuse an image newer than this selfpy."""
    if format_ > CURRENT:
        raise SelfpyError(f"the image {path} has format {format_}, newer than this selfpy "
                          f"understands ({CURRENT}); open it with a newer selfpy")


def backup(path: object, format_: int) -> Path | None:
    """Copy a file image (and its blobs) aside before migrating it; answer the copy."""
    if path is None or str(path).startswith("zeo://"):
        return None
    source = Path(path)
    target = source.with_name(f"{source.name}.format{format_}.backup")
    shutil.copy2(source, target)
    blobs = Path(f"{source}.blobs")
    if blobs.is_dir():
        shutil.copytree(blobs, Path(f"{target}.blobs"), dirs_exist_ok=True)
    return target


def migrate(rt: Runtime, state: dict) -> list[str]:
    """Run every step from the image's format to the current one, in the running
    transaction of `rt`."""
    done = []
    while state["format"] < CURRENT:
        step = _STEPS[state["format"]]
        what = step(rt, state)
        state["format"] += 1
        done.append(what)
    return done


def _one_to_two(rt: Runtime, state: dict) -> str:
    state["history"] = IOBTree()
    seeds = seed_objects(recipe())
    root = state["traits"]["root"]
    for name in ("pLLM", "genesis"):  # re-point the new seed objects at the image's root traits
        obj = seeds[name]
        slots = {n: (Slot(n, CONSTANT, True, root) if n == "root" else
                     Slot(n, CONSTANT, True, seeds["pLLM"]) if n == "pLLM" else s)
                 for n, s in obj._map.slots.items()}
        layout.reshape(obj, slots)
    lobby = state["lobby"]
    slots = dict(lobby._map.slots)
    for name in ("pLLM", "genesis"):
        slots.setdefault(name, Slot(name, CONSTANT, False, seeds[name]))
    layout.reshape(lobby, slots)
    rt.changed()
    kernel.load(rt, ["history.self"])
    return "format 1 to 2: " + recipe()["migration"][0]["what"]


def _two_to_three(rt: Runtime, state: dict) -> str:
    kernel.load(rt, ["synthesis.self"])
    return "format 2 to 3: " + recipe()["migration"][1]["what"]


_STEPS: dict[int, Callable[[Runtime, dict], str]] = {1: _one_to_two, 2: _two_to_three}
