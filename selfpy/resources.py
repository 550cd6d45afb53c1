"""Where the data directories (grammar, image, stdlib, models) are.

In an installed wheel they sit inside the package; in a checkout they sit at
the top of the repository, beside the package.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The directory `name` (one of grammar, image, stdlib, models)."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"selfpy is installed without its {name}/ directory")


def read_toml(folder: str, name: str) -> dict:
    """The TOML file `name` in the data directory `folder` (`image/genesis.toml`, ...)."""
    with open(data_dir(folder) / name, "rb") as handle:
        return tomllib.load(handle)
