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
from .image_file import ImageFileError, check_head, check_path, survey


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


def _repozo(arguments: list[str], what: str) -> None:
    """Run repozo; its failures (it exits with a message) become selfpy errors."""
    try:
        repozo.main(arguments)
    except SystemExit as exit_:
        if exit_.code in (0, None):
            return
        raise SelfpyError(f"{what}: {exit_.code}") from None


def backup(image: object, directory: str | os.PathLike) -> int:
    """Add an incremental backup of `image` to `directory`."""
    path = _file_image(image)
    if not path.exists():
        raise SelfpyError(f"there is no image at {path}")
    check_path(path)
    survey(path)  # a file that is no selfpy image is not backed up as if it were one
    target = Path(directory)
    for place in (target, target / "objects"):
        if place.exists() and not place.is_dir():
            raise SelfpyError(f"backup directory {place} is a file, not a directory; give a "
                              "directory (a backup is several files)")
    try:
        (target / "objects").mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SelfpyError(f"cannot make backup directory {target}: "
                          f"{(error.strerror or str(error)).lower()}") from None
    _wait_for_a_new_second(target / "objects")
    kept = {p: p.read_bytes() if p.suffix == ".dat" else None
            for p in (target / "objects").iterdir()}
    try:
        _repozo(["-B", "-r", str(target / "objects"), "-f", str(path)],
                f"cannot back up {path} to {target}")
    except BaseException:  # interrupted or failed: the backups stay as they were
        for made in (target / "objects").iterdir():
            if made not in kept:
                made.unlink()
        for dat, content in kept.items():
            if content is not None:
                dat.write_bytes(content)
        raise
    blobs = _copy_new(Path(f"{path}.blobs"), target / "blobs")
    print(f"backed up {path} to {target} ({blobs} new blob files)")
    return 0


def restore(image: object, directory: str | os.PathLike) -> int:
    """Rebuild `image` (which must not be open) from the backups in `directory`.

    The backups are put together beside the image first and checked; the
    image is replaced only by a restored file that is a selfpy image.
    """
    path = _file_image(image)
    source = Path(directory)
    if not (source / "objects").is_dir():
        raise SelfpyError(f"{source} holds no selfpy backup (no {source / 'objects'} "
                          "directory)")
    check_path(path)
    if path.exists():
        try:
            check_head(path)
        except ImageFileError as error:
            if "is not a selfpy image" in str(error):
                raise SelfpyError(f"{error}; restore replaces only an image") from None
    if Path(f"{path}.lock").exists() and path.exists():
        try:
            import zc.lockfile

            zc.lockfile.LockFile(f"{path}.lock").close()
        except zc.lockfile.LockError:
            raise SelfpyError(f"{path} is open in another process; close it first") from None
    restored = Path(f"{path}.restoring")
    try:
        _repozo(["-R", "-w", "-r", str(source / "objects"), "-o", str(restored)],
                f"{source} holds no usable selfpy backup")
        try:
            found = survey(restored)
        except ImageFileError as error:
            raise SelfpyError(f"{source} holds no usable selfpy backup: the restored file "
                              f"{str(error).replace(str(restored), '').strip()}") from None
        if found.kind != "selfpy image":
            raise SelfpyError(f"{source} holds no usable selfpy backup: the restored database "
                              "holds no selfpy image")
        for stale in (Path(f"{path}.index"), Path(f"{path}.tmp")):
            stale.unlink(missing_ok=True)
        os.replace(restored, path)
    finally:
        for leftover in (restored, Path(f"{restored}.index"), Path(f"{restored}.part")):
            leftover.unlink(missing_ok=True)
    blobs = _copy_new(source / "blobs", Path(f"{path}.blobs"))
    print(f"restored {path} from {source} ({blobs} blob files)")
    return 0
