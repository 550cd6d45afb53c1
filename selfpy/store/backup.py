"""Incremental backups of a file image, blobs included.

The object file is backed up with ZODB's repozo (a full backup first, then
only what was appended since); blobs are immutable once committed, so each
backup copies the blob files it does not have yet.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from ZODB.scripts import repozo

from ..errors import SelfpyError


def _file_image(image: object) -> Path:
    if image is None or str(image).startswith("zeo://"):
        raise SelfpyError("backup and restore work on image files (--image PATH)")
    return Path(image)


def _copy_new(source: Path, target: Path) -> int:
    """Copy the files under `source` that `target` does not have; answer how many."""
    copied = 0
    if not source.is_dir():
        return 0
    for path in source.rglob("*"):
        if path.is_file() and not path.name.endswith(".lock"):
            destination = target / path.relative_to(source)
            if not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
                copied += 1
    return copied


def _wait_for_a_new_second(directory: Path) -> None:
    """repozo names backups by the second (UTC); two in one second would collide."""
    def stamp() -> str:
        return time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime())
    while any(p.name.startswith(stamp()) for p in directory.iterdir()):
        time.sleep(0.1)


def backup(image: object, directory: str | os.PathLike) -> int:
    """Add an incremental backup of `image` to `directory`."""
    path = _file_image(image)
    if not path.exists():
        raise SelfpyError(f"there is no image at {path}")
    target = Path(directory)
    (target / "objects").mkdir(parents=True, exist_ok=True)
    _wait_for_a_new_second(target / "objects")
    repozo.main(["-B", "-r", str(target / "objects"), "-f", str(path)])
    blobs = _copy_new(Path(f"{path}.blobs"), target / "blobs")
    print(f"backed up {path} to {target} ({blobs} new blob files)")
    return 0


def restore(image: object, directory: str | os.PathLike) -> int:
    """Rebuild `image` (which must not be open) from the backups in `directory`."""
    path = _file_image(image)
    source = Path(directory)
    if not (source / "objects").is_dir():
        raise SelfpyError(f"{source} holds no selfpy backup")
    if Path(f"{path}.lock").exists() and path.exists():
        try:
            import zc.lockfile

            zc.lockfile.LockFile(f"{path}.lock").close()
        except zc.lockfile.LockError:
            raise SelfpyError(f"{path} is open in another process; close it first") from None
    for stale in (Path(f"{path}.index"), Path(f"{path}.tmp")):
        stale.unlink(missing_ok=True)
    repozo.main(["-R", "-r", str(source / "objects"), "-o", str(path)])
    Path(f"{path}.index").unlink(missing_ok=True)  # rebuilt on open; the copied one is stale
    blobs = _copy_new(source / "blobs", Path(f"{path}.blobs"))
    print(f"restored {path} from {source} ({blobs} blob files)")
    return 0
