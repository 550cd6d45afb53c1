"""Loading kernel source (`stdlib/*.self`) into an image: the one place it is done.

Genesis loads every file the recipe lists; a migration loads the files a new
format adds. Methods defined while loading are marked as kernel methods, so
the compiler may inline them while they stay unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..resources import data_dir

if TYPE_CHECKING:
    from ..vm.runtime import Runtime


def load(rt: Runtime, files: Iterable[Path | str]) -> None:
    """Run each kernel file (a path, or a name in `stdlib/`) in the running transaction."""
    with rt.acting(kernel=True):
        for file in files:
            path = file if isinstance(file, Path) else data_dir("stdlib") / file
            for _ in rt.statements(path.read_text(encoding="utf-8"), path.name):
                pass
