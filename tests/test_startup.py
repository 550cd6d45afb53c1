"""What start-up keeps between processes: the parse tables, the trees of the code
parsed before and a prebuilt kernel image in the user's cache folder. A memory
world reads the kernel image but never writes it; without a usable cache
everything still works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SELFPY = [sys.executable, "-m", "selfpy"]


def run(cache: Path, *arguments: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    return subprocess.run([*SELFPY, *arguments], capture_output=True, text=True, env=env,
                          timeout=300, check=False)


def test_memory_worlds_share_a_kernel_image_they_never_change(tmp_path: Path) -> None:
    first = run(tmp_path, "--memory", "-e", "lobby addSlots: (| answer = 42 |). answer")
    assert (first.returncode, first.stdout.strip(), first.stderr) == (0, "42", "")
    kernels = list((tmp_path / "selfpy").glob("kernel-*.image"))
    grammars = list((tmp_path / "selfpy").glob("grammar-*.lark"))
    assert len(kernels) == 1 and len(grammars) == 1
    before = kernels[0].read_bytes()
    second = run(tmp_path, "--memory", "-e", "lobby addSlots: (| answer = 7 |). answer * 6")
    assert (second.returncode, second.stdout.strip()) == (0, "42")
    third = run(tmp_path, "--memory", "-e", "(lobby respondsTo: 'answer') printString")
    assert third.stdout.strip() == "'false'", third.stderr  # nothing leaked between worlds
    assert kernels[0].read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "selfpy").iterdir()) == sorted(
        [kernels[0].name, grammars[0].name, "trees"])
    trees = list((tmp_path / "selfpy" / "trees").iterdir())
    assert trees and all(len(p.name) == 32 for p in trees)  # no half-made files left behind


def test_an_unusable_cache_folder_changes_nothing_but_speed(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    done = run(blocked, "--memory", "-e", "3 + 4")
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "7", "")


def test_a_damaged_kernel_image_is_not_used(tmp_path: Path) -> None:
    run(tmp_path, "--memory", "-e", "0")
    kernel = next((tmp_path / "selfpy").glob("kernel-*.image"))
    kernel.write_bytes(b"not an image")
    done = run(tmp_path, "--memory", "-e", "3 + 4")
    assert (done.returncode, done.stdout.strip()) == (0, "7"), done.stderr


def fresh_python(code: str, cache: Path | None = None) -> list[str]:
    """The lines `code` prints in a Python process of its own (nothing imported before),
    with `cache` as the cache folder if given."""
    env = dict(os.environ) if cache is None else dict(os.environ, XDG_CACHE_HOME=str(cache))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, check=False, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_synthesis_loads_on_the_first_message_nobody_understands() -> None:
    """A world opens without the synthesis pipeline (Lark's grammar tools, the finder,
    the crucible, the model); the first not-understood message loads it and works."""
    code = (
        "import sys\n"
        "from selfpy.embed.world import World\n"
        "world = World(synthesize='auto')\n"
        "print(sorted(m for m in sys.modules if m.startswith('selfpy.synthesis.')))\n"
        "world.execute(\"lobby addSlots: (| point = (| parent* = traits clonable. x <- 3 |) |). "
        "point expects: 'getX' examples: {'point getX = 3'}\")\n"
        "print(world.eval('(point clone x: 8) getX'))\n"
        "print('selfpy.synthesis.pipeline' in sys.modules)\n")
    loaded, value, pipeline = fresh_python(code)
    assert loaded == str(["selfpy.synthesis.decoding", "selfpy.synthesis.model",
                          "selfpy.synthesis.policy", "selfpy.synthesis.primitives"])
    assert (value, pipeline) == ("8", "True")


def test_the_repl_needs_no_parser_library_before_its_prompt(tmp_path: Path) -> None:
    """The REPL's modules and an open world load without Lark; the first parse loads it."""
    code = ("import sys\n"
            "import selfpy.tools.repl\n"
            "from selfpy.embed.world import World\n"
            "world = World()\n"
            "print('lark' in sys.modules)\n"
            "print(world.eval('3 + 4'), 'lark' in sys.modules)\n")
    fresh_python("from selfpy.embed.world import World\nWorld()", tmp_path)  # the kernel image
    assert fresh_python(code, tmp_path) == ["False", "7 True"]


PARSES = ("import sys\n"
          "from selfpy.embed.world import World\n"
          "world = World()\n"
          "print(world.eval('(3 + 4) printString , (lobby respondsTo: #foo) printString'))\n"
          "print('lark' in sys.modules)\n")


def test_code_parsed_before_runs_without_the_parser_library(tmp_path: Path) -> None:
    """Trees are kept between processes, as Python keeps bytecode: the second process
    that runs the same code, and the methods it calls, reads them and never loads Lark."""
    assert fresh_python(PARSES, tmp_path) == ["7false", "True"]
    assert fresh_python(PARSES, tmp_path) == ["7false", "False"]


def test_damaged_or_foreign_kept_trees_are_parsed_again(tmp_path: Path) -> None:
    fresh_python(PARSES, tmp_path)
    trees = sorted((tmp_path / "selfpy" / "trees").iterdir())
    kept = [tree.read_bytes() for tree in trees]
    for i, tree in enumerate(trees):  # damaged, or a tree kept for another text
        tree.write_bytes(b"not a tree" if i % 2 else kept[i - 1])
    assert fresh_python(PARSES, tmp_path) == ["7false", "True"]
    assert fresh_python(PARSES, tmp_path) == ["7false", "False"]


def test_a_parse_error_is_never_kept(tmp_path: Path) -> None:
    for _ in range(2):
        done = run(tmp_path, "--memory", "-e", "3 + * 4")
        assert done.returncode == 1 and "1:5" in done.stderr


def test_the_cache_of_trees_keeps_the_newest(tmp_path: Path) -> None:
    from selfpy.syntax import tree_cache

    for i in range(6):
        entry = tmp_path / f"{i:032x}"
        entry.write_bytes(b"")
        os.utime(entry, (1_000_000 + i, 1_000_000 + i))
    tree_cache.prune(tmp_path, keep=4)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{i:032x}" for i in range(2, 6)]


def test_an_image_makes_only_the_btree_families_it_uses(tmp_path: Path) -> None:
    """Opening an image makes three of BTrees' 22 families (a sixth of start-up);
    every other family, and `family64`, are still there when a program asks."""
    image = tmp_path / "families.image"
    code = ("import sys\n"
            "from selfpy.embed.world import World\n"
            f"with World({str(image)!r}) as world:\n"
            "    print(world.eval('3 + 4'))\n"
            "print(sorted(m[7:] for m in sys.modules if m.startswith('BTrees.') and\n"
            "             m.endswith('BTree') and not m.startswith('BTrees._')))\n"
            "import BTrees\n"
            "from BTrees.IIBTree import IIBTree\n"
            "tree = BTrees.family64.OO.BTree({'a': 1})\n"
            "print(IIBTree({1: 2})[1], tree['a'], BTrees.OOBTree.OOBTree is type(tree))\n")
    assert fresh_python(code, tmp_path) == ["7", "['IOBTree', 'OOBTree', 'fsBTree']", "2 1 True"]


def test_the_quick_exit_keeps_every_line_of_output_and_the_status(tmp_path: Path) -> None:
    """The command ends without Python's teardown: buffered output is all written first."""
    done = run(tmp_path, "--memory", "-e", "1 to: 20000 do: [:i | i printLine]. 3 foo")
    assert done.stdout.splitlines() == [str(i) for i in range(1, 20001)]
    assert done.returncode == 1 and "does not understand #foo" in done.stderr
    image = tmp_path / "kept.image"
    made = run(tmp_path, "--image", str(image), "-e", "lobby addSlots: (| kept = 42 |). 0")
    assert made.returncode == 0, made.stderr
    assert run(tmp_path, "--image", str(image), "-e", "kept").stdout.strip() == "42"


def test_trees_too_deep_to_write_safely_are_not_kept(tmp_path: Path) -> None:
    """pickle writes a tree by recursion on the parsing thread's C stack: a chain of
    5,000 sends is parsed (and runs) each time instead."""
    chain = " + ".join(["1"] * 5_000)
    code = ("import sys, threading\n"
            "from selfpy.syntax.parser import parse_program\n"
            "sys.setrecursionlimit(40_000)\n"  # as selfpy's main thread has it
            "threading.stack_size(1 << 20)\n"  # and a thread with a small C stack
            "out = []\n"
            f"thread = threading.Thread(target=lambda: out.append(parse_program({chain!r})))\n"
            "thread.start(); thread.join()\n"
            "print(len(out), 'lark' in sys.modules)\n")
    assert fresh_python(code, tmp_path) == ["1 True"]
    assert fresh_python(code, tmp_path) == ["1 True"]  # parsed again: it was not kept
    assert fresh_python(code.replace(" + 1", "", 4_990), tmp_path) == ["1 True"]
    assert fresh_python(code.replace(" + 1", "", 4_990), tmp_path) == ["1 False"]
