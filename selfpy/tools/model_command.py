"""`selfpy model ...`: which model synthesis asks (info, use, import)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ZODB.blob import Blob

from ..errors import SelfpyError
from ..synthesis import model


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("model", help="the model synthesis asks",
                                    description=__doc__)
    tools = command.add_subparsers(dest="tool", required=True, metavar="TOOL")
    tools.add_parser("info", help="backend, model file or server, settings")
    use = tools.add_parser("use", help="ask this GGUF file or OpenAI-compatible server "
                                       "('default' for the bundled model)")
    use.add_argument("target", metavar="PATH|URL|default")
    use.add_argument("--name", help="the model name to send to a server")
    load = tools.add_parser("import", help="store a GGUF file in the image and use it")
    load.add_argument("path", metavar="PATH")


def run(options: argparse.Namespace, image: object) -> int:
    """Run one model tool on the image; answers the exit status."""
    from ..embed.world import World

    with World(image) as world:
        rt = world.runtime
        if options.tool == "info":
            chosen = model.settings(rt)
            print(f"model: {model.describe(rt)}")
            for name, value in vars(chosen).items():
                print(f"{name}: {value}")
            return 0
        if options.tool == "use":
            target = options.target
            if target.startswith(("http://", "https://")):
                settings = {"backend": "http", "url": target, "model": None,
                            "modelName": options.name}
            elif target == "default":
                settings = {"backend": "llama", "model": None, "url": None}
            else:
                path = Path(target).expanduser().resolve()
                if not path.is_file():
                    raise SelfpyError(f"no model file at {path}")
                settings = {"backend": "llama", "model": str(path), "url": None}
            _set(world, settings)
            print(f"model: {model.describe(world.runtime)}")
            return 0
        if options.tool == "import":
            return _import(world, Path(options.path))
    return 2


def _set(world: object, settings: dict) -> None:
    """Set pLLM slots, one transaction."""
    def change(rt: object) -> None:
        holder = model.model_object(rt)  # type: ignore[arg-type]
        for name, value in settings.items():
            rt.send(holder, name + ":", rt.nil if value is None else value)  # type: ignore[attr-defined]
    world.call(change)  # type: ignore[attr-defined]


def _import(world: object, path: Path) -> int:
    if world.path is None:  # type: ignore[attr-defined]
        raise SelfpyError("an image in memory cannot keep a model; give --image PATH")
    if not path.is_file():
        raise SelfpyError(f"no model file at {path}")

    def store(rt: object) -> None:
        blob = Blob()
        with blob.open("w") as target, open(path, "rb") as source:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                target.write(chunk)
        rt.state["model blob"] = blob  # type: ignore[attr-defined]
        rt.state["model blob name"] = path.name  # type: ignore[attr-defined]
    world.call(store)  # type: ignore[attr-defined]
    _set(world, {"backend": "llama", "model": model.IMAGE_MODEL, "url": None})
    print(f"stored {path.name} ({path.stat().st_size} bytes) in the image; "
          f"model: {model.describe(world.runtime)}")  # type: ignore[attr-defined]
    return 0
