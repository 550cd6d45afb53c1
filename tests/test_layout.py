"""The package's layers: old images open after modules moved, entry points stay light."""

from __future__ import annotations

import pickletools
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
from helpers import run
from ZODB.broken import Broken
from ZODB.FileStorage import FileStorage

import selfpy
from selfpy.store.renames import class_factory

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OLD_IMAGES = ["format1.image", "format2.image", "format3.image"]


def stored_globals(path: Path) -> set[tuple[str, str]]:
    """(module, name) of every class named in the image's records."""
    found = set()
    storage = FileStorage(str(path), read_only=True)
    try:
        for txn in storage.iterator():
            for record in txn:
                if not record.data:
                    continue
                strings: list[str] = []
                for opcode, arg, _ in pickletools.genops(record.data):
                    if opcode.name == "GLOBAL":
                        found.add(tuple(arg.split(" ", 1)))
                    elif opcode.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE"):
                        strings.append(arg)
                    elif opcode.name == "STACK_GLOBAL":
                        found.add((strings[-2], strings[-1]))
    finally:
        storage.close()
    return found


@pytest.mark.parametrize("fixture", OLD_IMAGES)
def test_every_class_an_old_image_names_still_resolves(fixture: str) -> None:
    names = stored_globals(FIXTURES / fixture)
    assert ("selfpy.objects", "SelfObject") in names  # the path before the move
    for module, name in names:
        found = class_factory(None, module, name)
        assert isinstance(found, type) and not issubclass(found, Broken), (module, name)


def test_an_image_made_before_the_move_opens_and_runs(tmp_path: Path) -> None:
    image = tmp_path / "old.image"
    shutil.copy(FIXTURES / "format3.image", image)
    result = run("--image", str(image), "-e", "{fixturePoint distance. fixtureLog first}")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "{5.0. 'made by format 3'}\n"
    history = run("--image", str(image), "image", "history", "fixtureLog")
    assert history.returncode == 0, history.stderr
    assert "add     lobby fixtureLog  (embedding)" in history.stdout
    check = run("--image", str(image), "image", "verify")
    assert check.returncode == 0, check.stdout + check.stderr


def test_an_image_made_before_the_move_keeps_changing(tmp_path: Path) -> None:
    image = tmp_path / "old.image"
    shutil.copy(FIXTURES / "format3.image", image)
    with selfpy.World(image) as world:
        world.execute("fixturePoint x: 6. fixtureLog add: 'after the move'")
    with selfpy.World(image) as world:
        assert world.execute("fixturePoint distance") == pytest.approx(52 ** 0.5)
        assert world.execute("fixtureLog size") == 2


def modules_loaded_by(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    return set(out.split())


def test_the_pygments_lexer_loads_no_database() -> None:
    loaded = modules_loaded_by("import selfpy.tools.lexer")
    assert "selfpy.tools.lexer" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("ZODB", "transaction", "lark")}
    assert not {m for m in loaded if m.startswith(("selfpy.embed", "selfpy.synthesis"))}


def test_import_selfpy_is_light_and_offers_the_embedding_names() -> None:
    loaded = modules_loaded_by("import selfpy")
    assert "ZODB" not in loaded
    assert selfpy.World.__name__ == "World"
    assert issubclass(selfpy.ParseError, selfpy.SelfpyError)
    assert selfpy.completeness("3 +") != selfpy.completeness("3 + 4")
    with selfpy.World() as world:
        assert isinstance(world.eval("lobby"), selfpy.Proxy)
    with pytest.raises(AttributeError):
        selfpy.NoSuchThing  # noqa: B018


def import_cycles(graph: grimp.ImportGraph) -> list[set[str]]:
    """The groups of modules that import each other in a loop (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(group)

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_no_module_of_selfpy_imports_itself_in_a_loop() -> None:
    # every import counts, those inside functions and under TYPE_CHECKING too
    graph = grimp.build_graph("selfpy", exclude_type_checking_imports=False)
    assert len(graph.modules) > 50
    assert import_cycles(graph) == []
    graph.add_import(importer="selfpy.objects.slot", imported="selfpy.vm.runtime")
    assert any({"selfpy.objects.slot", "selfpy.vm.runtime"} <= c for c in import_cycles(graph))


def test_an_export_made_before_the_move_imports(tmp_path: Path) -> None:
    image = tmp_path / "imported.image"
    made = run("--image", str(image), "image", "import", str(FIXTURES / "format3.export"))
    assert made.returncode == 0, made.stderr
    result = run("--image", str(image), "-e", "{fixturePoint distance. fixtureLog first}")
    assert result.stdout == "{5.0. 'made by format 3'}\n", result.stderr
    history = run("--image", str(image), "image", "history", "fixturePoint")
    assert "add     lobby fixturePoint  (embedding)" in history.stdout


def test_every_inlined_selector_has_a_guard_the_runtime_sets() -> None:
    """A redefined kernel method is seen at once only if a guard covers its inlined code."""
    from selfpy import World
    from selfpy.compile.inline import INLINERS
    from selfpy.compile.names import INLINED_SELECTORS

    guarded = {sel for selectors in INLINED_SELECTORS.values() for sel in selectors}
    assert guarded == set(INLINERS)
    with World() as world:
        assert all(world.runtime.namespace[guard] is True for guard in INLINED_SELECTORS)
        world.execute("traits number addSlots: (| abs = ( 0 ) |)")
        assert world.runtime.namespace["G_INT"] is False
        assert world.eval("-3 abs") == 0
