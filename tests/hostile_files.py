"""Shared by the hostile-file tests: real images and foreign files on disk, a snapshot of a
directory (to show that nothing changed), and running selfpy as a user without privileges."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import transaction
import ZODB
from helpers import SELFPY, run
from persistent.mapping import PersistentMapping
from ZODB.Connection import TransactionMetaData
from ZODB.FileStorage import FileStorage

import selfpy

__all__ = ["SELFPY", "corrupt_record", "foreign_database", "make_image", "public_dir", "refused",
           "run", "run_as_stranger", "snapshot"]

MODE_OVERRIDES = ("dac_override", "dac_read_search", "fowner")


def snapshot(directory: Path) -> dict[str, tuple[str, int]]:
    """Every file under `directory`: its content digest and modification time."""
    found = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found[str(path.relative_to(directory))] = (
                hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns)
        else:
            found[str(path.relative_to(directory)) + "/"] = ("directory", 0)
    return found


def make_image(path: Path, source: str = "lobby addSlots: (| box = (| parent* = traits "
               "clonable. x <- 3. area = ( x * x ) |) |)") -> Path:
    """A real selfpy image with a `box`, closed (no lock held)."""
    with selfpy.World(path) as world:
        world.eval(source)
    return path


def foreign_database(path: Path, root: str = "mapping") -> Path:
    """Another program's ZODB database, closed, with its index beside it."""
    db = ZODB.DB(FileStorage(str(path)))
    connection = db.open()
    if root == "mapping":
        connection.root()["catalog"] = PersistentMapping(title="a shop")
        connection.root()["users"] = PersistentMapping()
    transaction.commit()
    connection.close()
    db.close()
    for leftover in (f"{path}.lock", f"{path}.tmp"):
        Path(leftover).unlink(missing_ok=True)  # what the other program keeps is its business
    return path


def corrupt_record(image: Path, find: str, damage: Callable[[bytes], bytes] | None = None
                   ) -> bytes:
    """Store a damaged current record (garbage, or `damage(record)`) for the object `find`
    names (a Python expression of `world`, `lobby`, `state`); answers its oid."""
    with selfpy.World(image) as world:
        lobby = world.runtime.lobby
        state = world.runtime.state
        oid = eval(find, {"world": world, "lobby": lobby, "state": state})
    storage = FileStorage(str(image))
    try:
        txn = TransactionMetaData()
        storage.tpc_begin(txn)
        data, serial = storage.load(oid)
        storage.store(oid, serial, damage(data) if damage else b"not a pickle", "", txn)
        storage.tpc_vote(txn)
        storage.tpc_finish(txn)
    finally:
        storage.close()
    return oid


def refused(result: subprocess.CompletedProcess, *fragments: str, status: int = 1) -> None:
    """The run failed with `status`, said each fragment, and showed no Python traceback."""
    assert result.returncode == status, (result.returncode, result.stdout, result.stderr)
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture
def public_dir() -> Iterator[Path]:
    """A directory every user can read, for runs as a user without privileges."""
    directory = Path(tempfile.mkdtemp(prefix="selfpy-hostile-", dir="/tmp"))
    directory.chmod(0o755)
    yield directory
    for path in directory.rglob("*"):
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(directory, ignore_errors=True)


def run_as_stranger(*args: str) -> subprocess.CompletedProcess:
    """Run selfpy so that file modes apply to it. Root reads and writes anything through
    its capabilities to override file modes; as root, run it without them (it stays root,
    so it still reaches the checkout and its virtual environment wherever they are)."""
    command = [*SELFPY, *args]
    if os.geteuid() == 0:
        command = ["setpriv", f"--bounding-set=-{',-'.join(MODE_OVERRIDES)}", *command]
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1",
               HOME="/tmp", XDG_DATA_HOME="/tmp/selfpy-stranger-data")
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env,
                          cwd="/tmp", check=False)

