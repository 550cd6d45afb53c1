"""What a file at an image path is, found without writing to it.

Before an image file is opened for use, it is looked at read-only: a
directory, an empty file, a file of another kind, another program's ZODB
database, a truncated file or an image whose format value is nonsense is
refused with a message that says what it is, and nothing on disk changes
(no lock, index or temporary file is made beside it). The only repair that
opening does is ZODB's own recovery from a crash: a commit that never
finished is set aside (in `PATH.tr0`), and the user is told.
"""

from __future__ import annotations

import os
import pickle
import stat
from dataclasses import dataclass, field
from pathlib import Path

import ZODB
import ZODB.FileStorage
from ZODB.FileStorage.FileStorage import packed_version
from ZODB.POSException import POSError, POSKeyError
from ZODB.utils import get_pickle_metadata, z64

from ..errors import SelfpyError
from .renames import class_factory

ROOT_KEY = "selfpy"
MAGIC = packed_version  # b"FS30": a ZODB FileStorage written by Python 3
FORMATS_FROM = 1  # the oldest image format there ever was
_SIGNATURES = (
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x1f\x8b", "a gzip file"),
    (b"PK\x03\x04", "a zip archive"),
    (b"%PDF", "a PDF document"),
    (b"\x7fELF", "an executable program"),
    (b"\x89PNG", "a PNG picture"),
    (b"FS21", "a ZODB FileStorage written by Python 2 (FS21), which selfpy does not read"),
)
_HEAD = 4096
_TRANSACTION_HEADER = 23  # tid (8), length (8), status (1), lengths (6)
_RECORD_HEADER = 42  # oid, tid, prev, transaction (8 each), version (2), pickle (8)


class ImageFileError(SelfpyError):
    """An image path that names something selfpy must not open as an image."""


@dataclass
class Survey:
    """What a read-only look at an image file found."""

    path: Path
    kind: str = "selfpy image"  # or "empty database"
    notices: list[str] = field(default_factory=list)  # what opening for use will do
    format: object = None


def describe(path: Path, head: bytes) -> str:
    """What kind of file this is, for a message ('a text file (first line: ...)')."""
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            return what
    if b"selfpy export" in head[:64]:
        return ("a selfpy export, not an image (make an image from it with "
                f"`selfpy --image NEW.image image import {path}`)")
    if b"\0" not in head:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:  # not just a character cut by the 4 KB read
                return "a binary file"
            text = head[:error.start].decode("utf-8")
        first = text.splitlines()[0][:40] if text.strip() else ""
        return f"a text file (first line: {first!r})" if first else "a text file"
    return "a binary file"


def check_path(path: Path) -> None:
    """Refuse a path where no image can be made or opened (a directory, an unreachable
    or unwritable place), before anything is written."""
    if path.is_dir():
        raise ImageFileError(f"image {path} is a directory, not an image file; give the path "
                             "of a file inside it (e.g. --image "
                             f"{path / 'default.image'})")
    parent = path.parent
    if path.exists():
        kind = _special_kind(path)
        if kind:
            raise ImageFileError(f"image {path} is {kind}, not an image file")
        if not os.access(path, os.R_OK):
            raise ImageFileError(f"cannot read image {path}: permission denied")
        if not os.access(path, os.W_OK):
            raise ImageFileError(f"cannot open image {path} for changes: permission denied "
                                 "(selfpy image info and verify can read it)")
        if not os.access(parent, os.W_OK):
            raise ImageFileError(f"cannot open image {path}: its directory {parent} is not "
                                 "writable (the image keeps its lock and index files there)")
        return
    existing = parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise ImageFileError(f"cannot make image {path}: {existing} is a file, not a "
                             "directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ImageFileError(f"cannot make image {path}: the directory {existing} is not "
                             "writable")


def _special_kind(path: Path) -> str | None:
    """What a path that is not a regular file is ('a named pipe', 'a device'), else None."""
    mode = path.stat().st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def survey(path: Path) -> Survey:
    """Look at the existing file `path` read-only before it is opened for use; raise
    `ImageFileError` naming what it is if it is not a selfpy image, or is truncated, or its
    root objects are damaged."""
    found = Survey(path)
    check_head(path)
    storage = open_read_only(path)
    try:
        tail = unfinished_tail(storage, path)
        if tail is not None:
            found.notices.append(f"{tail}; it was set aside in {_set_aside_name(path)} and "
                                 "the image is as of the last finished commit")
        _check_root(storage, path, found)
    finally:
        storage.close()
    return found


def check_head(path: Path) -> None:
    """Refuse a file that does not even start like an image, saying what it is."""
    kind = _special_kind(path)
    if kind:
        raise ImageFileError(f"image {path} is {kind}, not an image file")
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD)
    except OSError as error:
        raise ImageFileError(f"cannot read image {path}: "
                             f"{(error.strerror or str(error)).lower()}") from None
    if not head:
        raise ImageFileError(f"image {path} is an empty file (0 bytes), not a selfpy image; "
                             "remove it and selfpy makes a new image there")
    if not head.startswith(MAGIC):
        if MAGIC.startswith(head):
            raise ImageFileError(f"image {path} is truncated: {len(head)} bytes, not even "
                                 "the header of an image")
        raise ImageFileError(f"{path} is not a selfpy image: it is {describe(path, head)}")


def open_read_only(path: Path) -> ZODB.FileStorage.FileStorage:
    """The image file as a read-only storage: no lock, index or temporary file is written."""
    try:
        return ZODB.FileStorage.FileStorage(str(path), read_only=True)
    except (POSError, ValueError, OSError, EOFError, pickle.UnpicklingError) as error:
        raise ImageFileError(f"image {path} is damaged{_where_damaged(path)}: its records "
                             f"cannot be read ({reason(error)})") from None


def _where_damaged(path: Path) -> str:
    """' at byte N (...)': the first transaction whose frame or records do not add up."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    size, pos, whole = len(data), len(MAGIC), 0
    while pos < size:
        if pos + _TRANSACTION_HEADER > size:
            break
        length = int.from_bytes(data[pos + 8:pos + 16], "big")
        lengths = data[pos + 17:pos + 23]
        end = pos + length
        header = _TRANSACTION_HEADER + sum(int.from_bytes(lengths[i:i + 2], "big")
                                           for i in (0, 2, 4))
        if length < header or end + 8 > size or \
                int.from_bytes(data[end:end + 8], "big") != length:
            break
        record = pos + header
        while record < end:  # oid, tid, prev, tloc, version length, pickle length
            if record + _RECORD_HEADER > end or \
                    int.from_bytes(data[record + 24:record + 32], "big") != pos or \
                    data[record + 32:record + 34] != b"\0\0":
                break
            record += _RECORD_HEADER + int.from_bytes(data[record + 34:record + 42], "big")
        if record != end:
            return (f" at byte {record:,} of {size:,} (a record of transaction {whole + 1:,}, "
                    f"which starts at byte {pos:,}; the {whole:,} before it are whole)")
        whole += 1
        pos = end + 8
    if pos >= size:
        return ""
    return (f" at byte {pos:,} of {size:,} (transaction {whole + 1:,}; the {whole:,} before it "
            "are whole)")


def read_only_database(storage: ZODB.FileStorage.FileStorage) -> ZODB.DB:
    """A database on a read-only storage that reads images written before classes moved."""
    return ZODB.DB(storage, class_factory=class_factory)


def unfinished_tail(storage: ZODB.FileStorage.FileStorage, path: Path) -> str | None:
    """What follows the last whole transaction: None (nothing), a description of a commit a
    crash left unfinished; raise `ImageFileError` for a truncated or damaged end."""
    end = storage._pos  # just after the last whole transaction
    size = path.stat().st_size
    if end >= size:
        return None
    with open(path, "rb") as handle:
        handle.seek(end)
        header = handle.read(_TRANSACTION_HEADER)
    if len(header) == _TRANSACTION_HEADER and header[16:17] == b"c":
        return (f"image {path} ends in a commit that never finished (left by a crash, "
                f"{size - end:,} bytes)")
    raise ImageFileError(f"image {path} is truncated or damaged at its end: the last whole "
                         f"transaction ends at byte {end:,} of {size:,}; restore it from a "
                         "backup (selfpy image restore DIR)")


def _set_aside_name(path: Path) -> str:
    """Where ZODB puts an unfinished commit it cuts off (`PATH.trN`, the first free N)."""
    number = 0
    while Path(f"{path}.tr{number}").exists():
        number += 1
    return f"{path}.tr{number}"


def root_class(storage: object, path: Path) -> tuple[str, str] | None:
    """The class of the database root (None for a database without one); another program's
    root is refused here."""
    try:
        data, _ = storage.load(z64)  # type: ignore[attr-defined]
    except POSKeyError:
        return None
    except POSError as error:
        raise ImageFileError(f"image {path} is damaged: its root record cannot be read "
                             f"({reason(error)})") from None
    module, name = class_of(data)
    if not module:
        raise ImageFileError(f"image {path} is damaged: its root record cannot be loaded "
                             "(not a pickle)")
    if (module, name) != ("persistent.mapping", "PersistentMapping"):
        raise ImageFileError(f"{path} is not a selfpy image: it is a ZODB database of another "
                             f"program (its root object is a {module}.{name}); selfpy leaves "
                             "it alone")
    return module, name


def _check_root(storage: ZODB.FileStorage.FileStorage, path: Path, found: Survey) -> None:
    if root_class(storage, path) is None:
        found.kind = "empty database"  # a database with no objects: made into an image
        return
    db = read_only_database(storage)
    try:
        connection = db.open()
        try:
            root = connection.root()
            check_root(root, path)
            if ROOT_KEY not in root:
                found.kind = "empty database"
                return
            found.format = root[ROOT_KEY]["format"]
        except ImageFileError:
            raise
        except Exception as error:  # unpickling damage can raise anything
            raise ImageFileError(f"image {path} is damaged: its root objects cannot be loaded "
                                 f"({reason(error)}); `selfpy image verify` names the "
                                 "damaged objects") from error
        finally:
            connection.close()
    finally:
        db.close()


def check_format(format_: object, path: object) -> None:
    """Refuse a format value that no selfpy ever wrote, naming it."""
    if type(format_) is not int or format_ < FORMATS_FROM:
        raise ImageFileError(f"image {path} has format {format_!r}, which is not a selfpy "
                             "image format (formats are whole numbers from "
                             f"{FORMATS_FROM}); the image is damaged or was not made by "
                             "selfpy")


def check_root(root: object, path: object) -> None:
    """Refuse a database root that belongs to another program (for a served image, whose
    file the server opened)."""
    if ROOT_KEY in root:  # type: ignore[operator]
        state = root[ROOT_KEY]  # type: ignore[index]
        if not hasattr(state, "get"):
            raise ImageFileError(f"image {path} is damaged: its '{ROOT_KEY}' entry is a "
                                 f"{type(state).__name__}, not the image's state")
        check_format(state.get("format"), path)
        return
    keys = sorted(map(str, root.keys()))  # type: ignore[attr-defined]
    if keys:
        raise ImageFileError(f"{path} is not a selfpy image: it is a ZODB database of another "
                             f"program (its root holds {_listing(keys)}); selfpy leaves it "
                             "alone")


def class_of(data: bytes) -> tuple[str, str]:
    try:
        return get_pickle_metadata(data)
    except Exception:  # noqa: BLE001 - a damaged record has no class to name
        return ("", "")


def _listing(keys: list[str]) -> str:
    shown = ", ".join(repr(k) for k in keys[:5])
    return shown + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")


def reason(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def damaged(path: object, error: BaseException) -> SelfpyError:
    """The error for an image whose objects do not load while it is opened."""
    where = f"image {path}" if path is not None else "the image"
    return ImageFileError(f"{where} is damaged: an object it needs cannot be loaded "
                          f"({reason(error)}); `selfpy image verify` names the damaged "
                          "objects")
