"""Where the data directories (grammar, image, stdlib, models) are.

In an installed wheel they sit inside the package; in a checkout they sit at
the top of the repository, beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The directory `name` (one of grammar, image, stdlib, models)."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"selfpy is installed without its {name}/ directory")
