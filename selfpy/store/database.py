"""Opening the database an image lives in."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import zc.lockfile
import ZODB
import ZODB.FileStorage
from ZODB.MappingStorage import MappingStorage
from ZODB.POSException import ConflictError

from ..errors import SelfpyError
from .renames import class_factory

ROOT_KEY = "selfpy"
ROOT_ATTEMPTS = 10


def default_path() -> Path:
    """`$SELFPY_IMAGE`, else `default.image` in the user's data directory."""
    env = os.environ.get("SELFPY_IMAGE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local",
                                                            "share")
    return Path(base) / "selfpy" / "default.image"


def open_database(path: str | os.PathLike | None) -> ZODB.DB:
    """A ZODB database: in memory for None, a ZEO client for `zeo://host:port`,
    else a FileStorage at `path`."""
    if path is None:
        return _database(MappingStorage())
    if str(path).startswith("zeo://"):
        from ZEO.ClientStorage import ClientStorage

        host, _, port = str(path)[len("zeo://"):].rstrip("/").rpartition(":")
        # server_sync: a new transaction sees every commit the server has acknowledged
        storage = ClientStorage((host or "127.0.0.1", int(port)), wait_timeout=30,
                                server_sync=True)
        return _database_creating_root(storage)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        storage = ZODB.FileStorage.FileStorage(str(path), blob_dir=f"{path}.blobs")
    except zc.lockfile.LockError:
        raise SelfpyError(f"image {path} is in use by process {_locker(path)}; use a ZEO "
                          "server to share it: selfpy image serve PATH, then "
                          "--image zeo://127.0.0.1:PORT (see docs/image.md)") from None
    return _database(storage)


def _database(storage: object) -> ZODB.DB:
    """A database on `storage` that reads images written before classes moved."""
    return ZODB.DB(storage, large_record_size=1 << 30, class_factory=class_factory)


def _database_creating_root(storage: object) -> ZODB.DB:
    """A database on a shared storage. Opening one creates the ZODB root object
    if the storage is empty; when several processes start on an empty server at
    once, all but one of those commits conflict, and opening again finds the root."""
    for attempt in range(ROOT_ATTEMPTS):
        try:
            return _database(storage)
        except ConflictError:
            if attempt == ROOT_ATTEMPTS - 1:
                storage.close()  # type: ignore[attr-defined]
                raise
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))  # noqa: S311
    raise AssertionError("unreachable")


def _locker(path: Path) -> str:
    """The process id written in the image's lock file."""
    try:
        return Path(f"{path}.lock").read_text().split()[0]
    except (OSError, IndexError):
        return "(unknown)"
