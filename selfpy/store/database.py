"""Opening the database an image lives in."""

from __future__ import annotations

import fcntl
import os
import random
import time
from pathlib import Path

import zc.lockfile
import ZODB
import ZODB.FileStorage
from ZODB.DemoStorage import DemoStorage
from ZODB.MappingStorage import MappingStorage
from ZODB.POSException import ConflictError, StorageError

from ..errors import SelfpyError
from .image_file import ROOT_KEY, ImageFileError, check_path, survey
from .renames import class_factory

__all__ = ["ROOT_KEY", "default_path", "open_database"]
ROOT_ATTEMPTS = 10


def default_path() -> Path:
    """`$SELFPY_IMAGE`, else `default.image` in the user's data directory."""
    env = os.environ.get("SELFPY_IMAGE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local",
                                                            "share")
    return Path(base) / "selfpy" / "default.image"


def open_database(path: str | os.PathLike | None, notices: list[str] | None = None,
                  base: Path | None = None) -> ZODB.DB:
    """A ZODB database: in memory for None, a ZEO client for `zeo://host:port`,
    else a FileStorage at `path`.

    A file that is not a selfpy image is refused (see `image_file`) before
    anything is written; what opening does to the file (setting aside a
    commit a crash left unfinished) is added to `notices`. A memory database
    may start from `base`, an image file it reads but never writes (the
    kernel, made once; see `World`).
    """
    if path is None:
        if base is not None:
            try:
                return _database(DemoStorage(
                    base=ZODB.FileStorage.FileStorage(str(base), read_only=True),
                    changes=MappingStorage()))
            except (OSError, StorageError):
                pass  # a damaged cache: start empty, genesis makes the kernel
        return _database(MappingStorage())
    if str(path).startswith("zeo://"):
        from ZEO.ClientStorage import ClientStorage

        host, _, port = str(path)[len("zeo://"):].rstrip("/").rpartition(":")
        if not port.isdigit():
            raise SelfpyError(f"image {path}: a served image is zeo://HOST:PORT, with a "
                              "port number")
        # server_sync: a new transaction sees every commit the server has acknowledged
        storage = ClientStorage((host or "127.0.0.1", int(port)), wait_timeout=30,
                                server_sync=True)
        return _database_creating_root(storage)
    path = Path(path)
    check_path(path)
    if path.exists():
        _refuse_if_in_use(path)
        found = survey(path)
        if notices is not None:
            notices.extend(found.notices)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ImageFileError(f"cannot make image {path}: {error.strerror.lower()}") \
                from None
    try:
        storage = ZODB.FileStorage.FileStorage(str(path), blob_dir=f"{path}.blobs")
    except zc.lockfile.LockError:
        raise _in_use(path) from None
    except OSError as error:
        raise ImageFileError(f"cannot open image {path}: {error.strerror.lower()}") from None
    return _database(storage)


def _database(storage: object) -> ZODB.DB:
    """A database on `storage` that reads images written before classes moved."""
    return ZODB.DB(storage, large_record_size=1 << 30, class_factory=class_factory)


def _refuse_if_in_use(path: Path) -> None:
    """Say an image is in use before looking at a file another process is writing."""
    try:
        handle = open(f"{path}.lock", "rb")
    except OSError:
        return  # no lock file (or none we may read): the open itself will tell
    with handle:
        try:  # the lock ZODB takes (zc.lockfile: flock), tried without writing the file
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise _in_use(path) from None
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _in_use(path: Path) -> SelfpyError:
    return SelfpyError(f"image {path} is in use by process {_locker(path)}; use a ZEO "
                       "server to share it: selfpy image serve PATH, then "
                       "--image zeo://127.0.0.1:PORT (see docs/image.md)")


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
