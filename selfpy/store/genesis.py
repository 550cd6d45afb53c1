"""Making a new image from the recipe in `image/genesis.toml`."""

from __future__ import annotations

import time

from BTrees.IOBTree import IOBTree
from persistent.mapping import PersistentMapping

from ..objects.prototypes import Dictionary, List, Method, SelfObject, Set, Vector, make_map
from ..objects.slot import CONSTANT, METHOD, Slot
from ..resources import data_dir, read_toml

_STORAGE = {"vector": Vector, "list": List, "dictionary": Dictionary, "set": Set,
            "object": SelfObject}


def recipe() -> dict:
    """The genesis recipe."""
    return read_toml("image", "genesis.toml")


def seed_objects(spec: dict) -> dict[str, SelfObject]:
    """The seed objects, in recipe order: root traits, pLLM, genesis."""
    made: dict[str, SelfObject] = {}
    for entry in spec["seed"]:
        slots = [Slot(name, CONSTANT, True, made[name]) for name in entry.get("parents", [])]
        for selector, arguments, source in entry.get("methods", []):
            method = Method(selector, arguments, source, "genesis.toml", 1, 1, kernel=True)
            slots.append(Slot(selector, METHOD, False, method))
        made[entry["name"]] = SelfObject(make_map(slots))
    return made


def primordial_state() -> PersistentMapping:
    """The primordial objects, wired into the lobby; the stdlib is not loaded yet."""
    spec = recipe()
    state = PersistentMapping()
    state["format"] = spec["format"]
    state["created"] = time.time()
    state["history"] = IOBTree()
    seeds = seed_objects(spec)
    traits = PersistentMapping()
    traits["root"] = seeds["root"]
    for name in spec["traits"]:
        traits[name] = SelfObject(make_map([]))
    prototypes = PersistentMapping()
    for name, storage in spec["prototypes"].items():
        prototypes[name] = _STORAGE[storage](make_map([]))
    namespace = SelfObject(make_map([Slot(name, CONSTANT, False, obj)
                                     for name, obj in traits.items()]))
    for unique in ("true", "false", "nil"):
        state[unique] = SelfObject(make_map([]))
    lobby = SelfObject(make_map([]))
    uniques = {name: state[name] for name in ("true", "false", "nil")}
    values = {"lobby": lobby, "traits": namespace, "pLLM": seeds["pLLM"],
              "genesis": seeds["genesis"], **uniques, **prototypes}
    lobby.put_map(make_map([Slot(name, CONSTANT, False, values[name]) for name in spec["lobby"]]))
    state["lobby"] = lobby
    state["traits"] = traits
    state["prototypes"] = prototypes
    return state


def stdlib_files() -> list:
    """The kernel source files, in load order."""
    directory = data_dir("stdlib")
    return [directory / name for name in recipe()["stdlib"]]
