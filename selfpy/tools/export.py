"""Export and import of a whole image as msgpack: every object, slot, method, value
and history entry, in a form a later selfpy on another Python version can read.

The file is one msgpack map: {"selfpy export": 1, "format": N, "root": REF,
"objects": [[kind, fields], ...]} where REF is {"$ref": index}. Values are
msgpack scalars, or tagged maps: {"$ref": i}, {"$int": "digits"} for integers
beyond 64 bits, {"$list": [...]}, {"$tuple": [...]}, {"$dict": [[k, v], ...]}.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import msgpack
import transaction
from BTrees.IOBTree import IOBTree
from persistent import Persistent
from persistent.mapping import PersistentMapping

from ..errors import SelfpyError
from ..objects.history import Change
from ..objects.prototypes import Dictionary, List, Map, Method, SelfObject, Set, Vector
from ..objects.slot import Slot
from ..store import migration
from ..store.database import ROOT_KEY, open_database

if TYPE_CHECKING:
    from ..embed.world import World

EXPORT_VERSION = 1
_KINDS = {SelfObject: "object", Vector: "vector", List: "list", Dictionary: "dictionary",
          Set: "set", Map: "map", Method: "method", Change: "change",
          PersistentMapping: "mapping", IOBTree: "iobtree"}
_CLASSES = {kind: cls for cls, kind in _KINDS.items()}
_INT64 = 2**63


class _Writer:
    def __init__(self) -> None:
        self.index: dict[int, int] = {}
        self.objects: list[object] = []
        self.pending: list[Persistent] = []

    def ref(self, obj: Persistent) -> dict:
        key = id(obj)
        if key not in self.index:
            if type(obj) not in _KINDS:
                raise SelfpyError(f"cannot export a {type(obj).__name__}")
            self.index[key] = len(self.objects)
            self.objects.append(None)
            self.pending.append(obj)
        return {"$ref": self.index[key]}

    def value(self, value: object) -> object:
        if value is None or type(value) in (bool, float, str):
            return value
        if type(value) is int:
            return value if -_INT64 <= value < _INT64 else {"$int": str(value)}
        if isinstance(value, Persistent):
            return self.ref(value)
        if isinstance(value, list):
            return {"$list": [self.value(v) for v in value]}
        if isinstance(value, tuple):
            return {"$tuple": [self.value(v) for v in value]}
        if isinstance(value, dict):
            return {"$dict": [[self.value(k), self.value(v)] for k, v in value.items()]}
        if isinstance(value, Slot):
            return {"$slot": [value.name, value.kind, value.parent, self.value(value.value)]}
        raise SelfpyError(f"cannot export a {type(value).__name__}")

    def fields(self, obj: Persistent) -> dict:
        obj._p_activate()
        if isinstance(obj, (PersistentMapping, IOBTree)):
            return {"items": [[self.value(k), self.value(v)] for k, v in obj.items()]}
        state = {k: v for k, v in obj.__getstate__().items()} if isinstance(obj, SelfObject) \
            else dict(vars(obj))
        return {k: self.value(v) for k, v in state.items()
                if not k.startswith(("_p_", "_v_"))}


def export_image(world: World, path: str | os.PathLike) -> int:
    """Write the whole image to `path`; answer how many objects were written."""
    state = world.runtime.state
    writer = _Writer()
    root = writer.ref(state)
    while writer.pending:
        obj = writer.pending.pop()
        writer.objects[writer.index[id(obj)]] = [_KINDS[type(obj)], writer.fields(obj)]
    data = {"selfpy export": EXPORT_VERSION, "format": state["format"], "root": root,
            "objects": writer.objects}
    Path(path).write_bytes(msgpack.packb(data, use_bin_type=True))
    return len(writer.objects)


def import_image(path: str | os.PathLike, image: object) -> None:
    """Make a new image at `image` holding everything exported to `path`."""
    data = msgpack.unpackb(Path(path).read_bytes(), raw=False, strict_map_key=False)
    if data.get("selfpy export") != EXPORT_VERSION:
        raise SelfpyError(f"{path} is not a selfpy export this version can read")
    migration.check(data["format"], path)
    if image is not None and not str(image).startswith("zeo://") and Path(image).exists():
        raise SelfpyError(f"{image} already exists; import makes a new image")
    objects = [_CLASSES[kind].__new__(_CLASSES[kind]) for kind, _ in data["objects"]]

    def value(v: object) -> object:
        if isinstance(v, dict):
            (tag, body), = v.items()
            if tag == "$ref":
                return objects[body]
            if tag == "$int":
                return int(body)
            if tag == "$list":
                return [value(x) for x in body]
            if tag == "$tuple":
                return tuple(value(x) for x in body)
            if tag == "$dict":
                return {value(k): value(x) for k, x in body}
            if tag == "$slot":
                name, kind, parent, slot_value = body
                return Slot(name, kind, parent, value(slot_value))
        return v

    for obj, (kind, fields) in zip(objects, data["objects"], strict=True):
        if kind in ("mapping", "iobtree"):
            obj.__init__()
            for k, v in fields["items"]:
                obj[value(k)] = value(v)
        elif kind == "map":
            obj.__init__(value(fields["slots"]))
        elif isinstance(obj, SelfObject):
            obj.__setstate__({k: value(v) for k, v in fields.items()})
        else:
            obj.__dict__.update({k: value(v) for k, v in fields.items()})
    db = open_database(image)
    try:
        manager = transaction.TransactionManager()
        connection = db.open(transaction_manager=manager)
        root = connection.root()
        if ROOT_KEY in root:
            raise SelfpyError(f"{image} already holds an image")
        root[ROOT_KEY] = value(data["root"])
        manager.get().note(f"import of {path}")
        manager.get().setExtendedInfo("origin", "import")
        manager.commit()
        connection.close()
    finally:
        db.close()
