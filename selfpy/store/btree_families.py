"""Make only the BTree families that are used.

Importing the `BTrees` package makes all 22 of its families (IO, OO, fs...),
each a module built around its own C extension, which is a sixth of what
`selfpy -e 0` spends before it runs anything; an image uses three (fs and
OO for the storage's index, IO for its history). So, before ZODB is
imported, `BTrees` is put in place without running its package code, and a
family is made the first time something imports it (`BTrees.OOBTree`) or
reads it from the package (`BTrees.IOBTree`). Anything else read from the
package (`family64`, ...) runs the package's own code then, once, and
everything works as it always does: the families made before are made again
around the same C types.

When `BTrees` is already imported, or its layout is not the one this knows
(`BTrees._module_builder.create_module`), nothing is changed.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
from pathlib import Path


def install() -> None:
    """Put the lazy `BTrees` package in place (before the first import of ZODB)."""
    if "BTrees" in sys.modules:
        return
    try:
        spec = importlib.util.find_spec("BTrees")
    except (ImportError, ValueError):
        return
    if spec is None or spec.loader is None or not any(
            (Path(folder) / "_module_builder.py").is_file()
            for folder in spec.submodule_search_locations or ()):
        return
    package = importlib.util.module_from_spec(spec)
    finder = _Families(package, spec)
    package.__getattr__ = finder.attribute  # type: ignore[attr-defined]
    sys.meta_path.insert(0, finder)
    sys.modules["BTrees"] = package


def _family_name(name: str) -> bool:
    """`IOBTree`, `fsBTree`: a family module's name, not a C extension (`_IOBTree`)."""
    return name.endswith("BTree") and not name.startswith("_") and len(name) == 7


class _Families(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Makes `BTrees.<family>BTree` modules on their first import."""

    def __init__(self, package: types.ModuleType, spec: importlib.machinery.ModuleSpec) -> None:
        self.package = package
        self.spec = spec  # the package's own, whose code `run_package` runs

    def find_spec(self, fullname: str, path: object = None,
                  target: object = None) -> importlib.machinery.ModuleSpec | None:
        head, _, name = fullname.partition(".")
        if head != "BTrees" or "." in name or not _family_name(name):
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        from BTrees._module_builder import create_module

        return create_module(spec.name[len("BTrees."):-len("BTree")])

    def exec_module(self, module: types.ModuleType) -> None:
        setattr(self.package, module.__name__.rpartition(".")[2], module)

    def attribute(self, name: str) -> object:
        """A name read from the package that is not there yet."""
        if name.startswith("__"):
            raise AttributeError(name)
        if _family_name(name) or importlib.util.find_spec(f"BTrees.{name}") is not None:
            return importlib.import_module(f"BTrees.{name}")
        self.run_package()
        try:
            return self.package.__dict__[name]
        except KeyError:
            raise AttributeError(f"module 'BTrees' has no attribute {name!r}") from None

    def run_package(self) -> None:
        """Run the package's own code: it makes every family and `family32`/`family64`."""
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        del self.package.__getattr__
        assert self.spec.loader is not None  # install() checked it
        self.spec.loader.exec_module(self.package)
