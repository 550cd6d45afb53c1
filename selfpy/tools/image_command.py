"""`selfpy image ...`: tools for images (info, verify, history, pack, backup, restore,
export, import, fileout, serve)."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from ZODB.TimeStamp import TimeStamp

from ..errors import SelfpyError


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
    serve.add_argument("--port", type=int, default=8100, help="port on 127.0.0.1 (8100)")


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
    if image is not None and not str(image).startswith("zeo://") and not Path(image).exists():
        raise SelfpyError(f"there is no image at {image}")
    from ..embed.world import World

    with World(image) as world:
        for notice in world.notices:
            print(f"selfpy: {notice}", file=sys.stderr)
        return _TOOLS[tool](world, options)


def facts(world: object) -> list[tuple[str, str]]:
    """What `info` (and the REPL's `:image`) says about an image."""
    db = world.db
    state = world.runtime.state  # type: ignore[attr-defined]
    last = TimeStamp(db.lastTransaction()).timeTime()
    return [
        ("image", str(world.path or "(in memory)")),
        ("format", str(state["format"])),
        ("created", _when(state["created"])),
        ("objects", str(len(db.storage))),
        ("size", f"{db.getSize():,} bytes"),
        ("last change", _when(last)),
        ("history", f"{len(state['history'])} changes"),
    ]


def _info(world: object, options: argparse.Namespace) -> int:
    rows = facts(world)
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0


def _when(seconds: float) -> str:
    return datetime.datetime.fromtimestamp(seconds).isoformat(sep=" ", timespec="seconds")


def _verify(world: object, options: argparse.Namespace) -> int:
    from .verify import verify

    checked, problems = verify(world)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {checked} objects", file=sys.stderr)
        return 1
    print(f"image is sound: {checked} objects loaded and checked")
    return 0


def _history(world: object, options: argparse.Namespace) -> int:
    from ..objects import history

    rt = world.runtime
    for change in history.changes(rt, None, options.selector):
        print(history.line(rt, change))
    return 0


def _pack(world: object, options: argparse.Namespace) -> int:
    before = world.db.getSize()
    world.db.pack(days=options.days)
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


_TOOLS = {"info": _info, "verify": _verify, "history": _history, "pack": _pack,
          "export": _export, "fileout": _fileout}
