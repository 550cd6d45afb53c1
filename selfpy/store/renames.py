"""Where classes stored in older images live now.

ZODB pickles name a persistent class by its module path. When selfpy's modules
moved into layer subpackages, the classes an image holds moved with them; this
map is the one place that says where an old path points now, so images written
before the move keep opening. Add a line here whenever a stored class moves.
"""

from __future__ import annotations

from ZODB.broken import find_global

RENAMED_MODULES = {
    "selfpy.objects": "selfpy.objects.prototypes",
    "selfpy.slot": "selfpy.objects.slot",
    "selfpy.history": "selfpy.objects.history",
}


def current_module(module: str) -> str:
    """The module that holds today what an image recorded as living in `module`."""
    return RENAMED_MODULES.get(module, module)


def class_factory(connection: object, module: str, name: str) -> object:
    """ZODB's class factory with old module paths mapped to their new homes."""
    return find_global(current_module(module), name)
