"""The import graph of `selfpy/` by layer, and the proof that it has no cycle.

For each layer: its modules, and the layers its modules import (every import
counts: at the top, inside functions, under TYPE_CHECKING). Then every direct
import between two modules of selfpy is checked for a chain of imports back
from the imported module to the importer; an import with such a chain would
lie on a cycle. The script exits 1 when a layer imports a higher one or any
import lies on a cycle.

    python benchmarks/layers.py
"""

from __future__ import annotations

import sys

import grimp

LAYERS = ["tools", "embed", "synthesis", "store", "vm", "compile", "objects", "syntax",
          "errors", "resources"]  # highest first, as in pyproject.toml's contract


def layer_of(module: str) -> str:
    """`selfpy.vm.primitives.numbers` → `vm`; the package's `__init__` is `selfpy`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "selfpy"


def main() -> int:
    graph = grimp.build_graph("selfpy", exclude_type_checking_imports=False)
    modules = sorted(graph.modules)
    imports = [(importer, imported) for importer in modules
               for imported in sorted(graph.find_modules_directly_imported_by(importer))]
    uses: dict[str, set[str]] = {}
    for importer, imported in imports:
        if layer_of(importer) != layer_of(imported):
            uses.setdefault(layer_of(importer), set()).add(layer_of(imported))
    rank = {name: i for i, name in enumerate(LAYERS)}
    rank["selfpy"] = rank["tools"]  # the package's __init__: an entry point, like the tools
    upward = []
    print("| layer | modules | imports from |\n|---|---|---|")
    for layer in ["selfpy", *LAYERS]:
        count = sum(1 for m in modules if layer_of(m) == layer)
        below = sorted(uses.get(layer, ()), key=rank.__getitem__)
        upward += [(layer, other) for other in below if rank[other] < rank[layer]]
        print(f"| {layer} | {count} | {', '.join(below) or '-'} |")
    looped = [(importer, imported) for importer, imported in imports
              if graph.chain_exists(importer=imported, imported=importer)]
    print(f"\n{len(modules)} modules, {len(imports)} direct imports; imports with a chain "
          f"back to their importer (on a cycle): {len(looped)}; imports of a higher "
          f"layer: {len(upward)}")
    for importer, imported in looped:
        print(f"  cycle: {importer} -> {imported} -> ... -> {importer}")
    for layer, other in upward:
        print(f"  upward: {layer} imports {other}")
    return 1 if looped or upward else 0


if __name__ == "__main__":
    sys.exit(main())
