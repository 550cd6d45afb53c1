"""`selfpy image ...`: tools for images (info, verify, history, pack, backup, restore,
export, import, fileout, serve)."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from ZODB.TimeStamp import TimeStamp

from ..errors import SelfpyError
from ..store.image_file import damaged
from ..vm.translation import LOAD_ERRORS


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    image = subparsers.add_parser("image", help="image tools", description=__doc__)
    tools = image.add_subparsers(dest="tool", required=True, metavar="TOOL")
    tools.add_parser("info", help="path, format, objects, size, last change, history length")
    tools.add_parser("verify", help="check the structure and load every object")
    history = tools.add_parser("history", help="list the changes to slots")
    history.add_argument("selector", nargs="?", help="only changes to slots of this name")
    pack = tools.add_parser("pack", help="drop old object versions")
    pack.add_argument("--days", type=float, default=0,
                      help="keep versions from the last DAYS days (default 0)")
    for name, what in (("backup", "add an incremental backup (with blobs) to DIR"),
                       ("restore", "rebuild the image from the backups in DIR")):
        tool = tools.add_parser(name, help=what)
        tool.add_argument("directory", metavar="DIR")
    export = tools.add_parser("export", help="write the whole image to FILE (msgpack)")
    export.add_argument("file", metavar="FILE")
    load = tools.add_parser("import", help="make the image (which must not exist) from FILE")
    load.add_argument("file", metavar="FILE")
    fileout = tools.add_parser("fileout", help="write every user-defined object as .self source")
    fileout.add_argument("directory", metavar="DIR")
    serve = tools.add_parser("serve", help="serve an image to other processes (ZEO)")
    serve.add_argument("path", metavar="PATH")
    serve.add_argument("--port", type=int, default=8100,
                       help="port on 127.0.0.1 (8100; 0 picks a free one, printed once the "
                            "server listens)")


def run(options: argparse.Namespace, image: object) -> int:
    """Run one image tool; answers the exit status."""
    tool = options.tool
    if tool == "serve":
        from ..store.serve import serve

        return serve(options.path, options.port)
    if tool in ("backup", "restore"):
        from ..store import backup

        return backup.backup(image, options.directory) if tool == "backup" else \
            backup.restore(image, options.directory)
    if tool == "import":
        from .export import import_image

        import_image(options.file, image)
        print(f"imported {options.file} into {image}")
        return 0
    is_file = image is not None and not str(image).startswith("zeo://")
    if is_file and tool in ("info", "verify"):
        return _READ_ONLY_TOOLS[tool](Path(image))  # type: ignore[arg-type]
    if is_file and not Path(image).exists():  # type: ignore[arg-type]
        raise SelfpyError(f"there is no image at {image}")
    from ..embed.world import World

    with World(image) as world:
        for notice in world.notices:
            print(f"selfpy: {notice}", file=sys.stderr)
        try:
            return _TOOLS[tool](world, options)
        except LOAD_ERRORS as error:  # a damaged record
            raise damaged(image, error) from error


def facts(world: object) -> list[tuple[str, str]]:
    """What `info` (and the REPL's `:image`) says about an image."""
    from .verify import state_facts

    db = world.db
    state = world.runtime.state  # type: ignore[attr-defined]
    return _rows(str(world.path or "(in memory)"), db.storage, state_facts(state))


def _rows(path: str, storage: object, known: dict[str, str]) -> list[tuple[str, str]]:
    unknown = "(cannot be read: the image is damaged)"
    last = TimeStamp(storage.lastTransaction()).timeTime()  # type: ignore[attr-defined]
    return [
        ("image", path),
        ("format", known.get("format", unknown)),
        ("created", known.get("created", unknown)),
        ("objects", str(len(storage))),  # type: ignore[arg-type]
        ("size", f"{storage.getSize():,} bytes"),  # type: ignore[attr-defined]
        ("last change", _when(last)),
        ("history", known.get("history", unknown)),
    ]


def _print_rows(rows: list[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


def _info(world: object, options: argparse.Namespace) -> int:
    _print_rows(facts(world))
    return 0


def _info_file(path: Path) -> int:
    """`image info` on a file, read-only; a damaged image shows what can be read and
    names each damaged object (exit status 1)."""
    from .verify import verify_file

    report = verify_file(path, _progress(), semantics=False)
    storage = _read_only(path)
    try:
        rows = _rows(str(path), storage, report.facts)
    finally:
        storage.close()
    _clear_progress()
    _print_rows(rows)
    for note in report.notes:
        print(f"note: {note}")
    if report.problems:
        print(f"damaged: {len(report.problems)} problem(s) (selfpy image verify lists them)")
        for problem in report.problems:
            print(problem, file=sys.stderr)
        return 1
    return 0


def _read_only(path: Path) -> object:
    from ..store.image_file import open_read_only

    return open_read_only(path)


def _when(seconds: float) -> str:
    return datetime.datetime.fromtimestamp(seconds).isoformat(sep=" ", timespec="seconds")


def _verify(world: object, options: argparse.Namespace) -> int:
    from .verify import verify

    checked, problems = verify(world, _progress())
    _clear_progress()
    return _verdict(checked, problems, [])


def _verify_file(path: Path) -> int:
    from .verify import verify_file

    report = verify_file(path, _progress())
    _clear_progress()
    return _verdict(report.checked, report.problems, report.notes)


def _verdict(checked: int, problems: list[str], notes: list[str]) -> int:
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {checked} objects", file=sys.stderr)
        return 1
    print(f"image is sound: {checked} objects loaded and checked")
    return 0


def _progress() -> object:
    """Progress on a terminal (`checked 3,000 of 120,000 objects`), else nothing."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        print(f"\rchecked {done:,} of {total:,} objects", end="", file=sys.stderr, flush=True)
    return show


def _clear_progress() -> None:
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr, flush=True)


def _history(world: object, options: argparse.Namespace) -> int:
    from ..objects import history

    rt = world.runtime
    for change in history.changes(rt, None, options.selector):
        print(history.line(rt, change))
    return 0


def _pack(world: object, options: argparse.Namespace) -> int:
    before = world.db.getSize()
    try:
        world.db.pack(days=options.days)
    except BaseException:
        image = Path(str(world.path))
        if image.exists():  # stopped while copying: the half-made copy is litter
            Path(f"{image}.pack").unlink(missing_ok=True)
        raise
    print(f"packed: {before:,} -> {world.db.getSize():,} bytes")
    return 0


def _export(world: object, options: argparse.Namespace) -> int:
    from .export import export_image

    count = export_image(world, options.file)
    print(f"exported {count} objects to {options.file}")
    return 0


def _fileout(world: object, options: argparse.Namespace) -> int:
    from .fileout import fileout

    written = fileout(world, options.directory)
    print(f"wrote {written}")
    return 0


_READ_ONLY_TOOLS = {"info": _info_file, "verify": _verify_file}
_TOOLS = {"info": _info, "verify": _verify, "history": _history, "pack": _pack,
          "export": _export, "fileout": _fileout}
