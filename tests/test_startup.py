"""What start-up keeps between processes: the parse tables and a prebuilt kernel
image in the user's cache folder. A memory world reads the kernel image but
never writes it; without a usable cache everything still works."""

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
        [kernels[0].name, grammars[0].name])  # no half-made files left behind


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


def fresh_python(code: str) -> list[str]:
    """The lines `code` prints in a Python process of its own (nothing imported before)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, check=False)
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


def test_the_repl_needs_no_parser_library_before_its_prompt() -> None:
    """The REPL's modules and an open world load without Lark; the first parse loads it."""
    code = ("import sys\n"
            "import selfpy.tools.repl\n"
            "from selfpy.embed.world import World\n"
            "world = World()\n"
            "print('lark' in sys.modules)\n"
            "print(world.eval('3 + 4'), 'lark' in sys.modules)\n")
    assert fresh_python(code) == ["False", "7 True"]


def test_the_quick_exit_keeps_every_line_of_output_and_the_status(tmp_path: Path) -> None:
    """The command ends without Python's teardown: buffered output is all written first."""
    done = run(tmp_path, "--memory", "-e", "1 to: 20000 do: [:i | i printLine]. 3 foo")
    assert done.stdout.splitlines() == [str(i) for i in range(1, 20001)]
    assert done.returncode == 1 and "does not understand #foo" in done.stderr
    image = tmp_path / "kept.image"
    made = run(tmp_path, "--image", str(image), "-e", "lobby addSlots: (| kept = 42 |). 0")
    assert made.returncode == 0, made.stderr
    assert run(tmp_path, "--image", str(image), "-e", "kept").stdout.strip() == "42"
