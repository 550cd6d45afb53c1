"""Image tools given the wrong files: import of a missing or garbage file, backup into a
file, restore from garbage, tools on another program's database, `--image` after the tool
name, and Ctrl-C during a long tool (a real SIGINT at a real terminal)."""

from __future__ import annotations

from pathlib import Path

import msgpack
import pexpect
import pytest
from hostile_files import SELFPY, foreign_database, make_image, refused, run, snapshot

import selfpy


@pytest.fixture
def image(tmp_path: Path) -> Path:
    return make_image(tmp_path / "app.image")


def test_import_of_a_missing_file(tmp_path: Path) -> None:
    refused(run("--image", str(tmp_path / "new.image"), "image", "import",
                str(tmp_path / "nosuch.export")), "cannot read export", "no such file")
    assert list(tmp_path.iterdir()) == []


def test_import_of_garbage(tmp_path: Path) -> None:
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 4)
    before = snapshot(tmp_path)
    refused(run("--image", str(tmp_path / "new.image"), "image", "import",
                str(tmp_path / "noise.bin")), "noise.bin is not a selfpy export: it is a "
            "binary file")
    assert snapshot(tmp_path) == before


def test_import_of_a_text_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("dear diary\n")
    refused(run("--image", str(tmp_path / "new.image"), "image", "import",
                str(tmp_path / "notes.txt")), "it is a text file (first line: 'dear diary')")
    assert not (tmp_path / "new.image").exists()


def test_import_of_msgpack_that_is_not_an_export(tmp_path: Path) -> None:
    (tmp_path / "other.msgpack").write_bytes(msgpack.packb({"name": "something else"}))
    refused(run("--image", str(tmp_path / "new.image"), "image", "import",
                str(tmp_path / "other.msgpack")), "is not a selfpy export")
    assert not (tmp_path / "new.image").exists()


def test_import_of_a_damaged_export_leaves_no_image(image: Path, tmp_path: Path) -> None:
    export = tmp_path / "app.export"
    assert run("--image", str(image), "image", "export", str(export)).returncode == 0
    data = msgpack.unpackb(export.read_bytes(), strict_map_key=False)
    data["objects"][3] = ["no such kind", {}]
    export.write_bytes(msgpack.packb(data))
    refused(run("--image", str(tmp_path / "new.image"), "image", "import", str(export)),
            "is a damaged selfpy export", "nothing was imported")
    assert not list(tmp_path.glob("new.image*"))


def test_import_of_an_export_with_a_nonsense_format(image: Path, tmp_path: Path) -> None:
    export = tmp_path / "app.export"
    assert run("--image", str(image), "image", "export", str(export)).returncode == 0
    data = msgpack.unpackb(export.read_bytes(), strict_map_key=False)
    data["format"] = "three"
    export.write_bytes(msgpack.packb(data))
    refused(run("--image", str(tmp_path / "new.image"), "image", "import", str(export)),
            "has format 'three', which is not a selfpy image format")
    assert not list(tmp_path.glob("new.image*"))


def test_export_into_a_directory(image: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    refused(run("--image", str(image), "image", "export", str(tmp_path / "out")),
            "is a directory")


def test_backup_into_a_file_path(image: Path, tmp_path: Path) -> None:
    (tmp_path / "backup.txt").write_text("not a directory\n")
    before = snapshot(tmp_path)
    refused(run("--image", str(image), "image", "backup", str(tmp_path / "backup.txt")),
            "backup directory", "backup.txt is a file, not a directory")
    assert snapshot(tmp_path)["backup.txt"] == before["backup.txt"]


def test_restore_from_garbage_keeps_the_image(image: Path, tmp_path: Path) -> None:
    (tmp_path / "backups" / "objects").mkdir(parents=True)
    (tmp_path / "backups" / "objects" / "2026-01-01-00-00-00.fs").write_bytes(b"garbage" * 99)
    before = snapshot(tmp_path)[image.name]
    refused(run("--image", str(image), "image", "restore", str(tmp_path / "backups")),
            "holds no usable selfpy backup")
    assert snapshot(tmp_path)[image.name] == before
    assert not list(tmp_path.glob("app.image.restoring*"))
    assert run("--image", str(image), "-e", "box area").stdout == "9\n"


def test_restore_from_a_file_path(image: Path, tmp_path: Path) -> None:
    (tmp_path / "backups.tar").write_bytes(b"\0" * 100)
    refused(run("--image", str(image), "image", "restore", str(tmp_path / "backups.tar")),
            "holds no selfpy backup")


def test_restore_does_not_replace_a_file_that_is_no_image(image: Path, tmp_path: Path) -> None:
    assert run("--image", str(image), "image", "backup", str(tmp_path / "bk")).returncode == 0
    (tmp_path / "notes.txt").write_text("precious\n")
    refused(run("--image", str(tmp_path / "notes.txt"), "image", "restore",
                str(tmp_path / "bk")), "is not a selfpy image", "restore replaces only an "
            "image")
    assert (tmp_path / "notes.txt").read_text() == "precious\n"


@pytest.mark.parametrize("tool", [["info"], ["verify"], ["history"], ["pack"], ["fileout", "out"],
                                  ["export", "x.export"], ["backup", "bk"]])
def test_tools_leave_another_programs_database_alone(tmp_path: Path, tool: list[str]) -> None:
    database = foreign_database(tmp_path / "Data.fs")
    before = snapshot(tmp_path)
    refused(run("--image", str(database), "image", *tool, cwd=tmp_path),
            "a ZODB database of another program")
    assert snapshot(tmp_path) == before


def test_image_option_after_the_tool_name(image: Path) -> None:
    result = run("image", "info", "--image", str(image))
    assert result.returncode == 0, result.stderr
    assert f"image        {image}" in result.stdout
    packed = run("image", "pack", "--image", str(image))
    assert packed.returncode == 0 and packed.stdout.startswith("packed:")
    between = run("image", "--image", str(image), "verify")
    assert between.returncode == 0 and between.stdout.startswith("image is sound")


def test_two_images_on_one_tool_command_line_is_bad_usage(image: Path, tmp_path: Path) -> None:
    refused(run("--image", str(image), "image", "info", "--image", str(tmp_path / "b.image")),
            "give --image once", status=2)


@pytest.fixture(scope="module")
def big_image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An image with enough objects that checking it takes seconds."""
    path = tmp_path_factory.mktemp("big") / "big.image"
    with selfpy.World(path) as world:
        world.eval("lobby addSlots: (| many = list copy. one = (| parent* = traits clonable. "
                   "x <- 0 |) |)")
        world.eval("1 to: 60000 do: [:i | many add: (one clone x: i) ]")
    return path


@pytest.mark.parametrize("tool", ["verify", "info"])
def test_ctrl_c_during_a_long_tool_ends_it_cleanly(big_image: Path, tool: str) -> None:
    before = snapshot(big_image.parent)
    child = pexpect.spawn(SELFPY[0], [*SELFPY[1:], "--image", str(big_image), "image", tool],
                          encoding="utf-8", timeout=120)
    child.expect(r"checked [\d,]+ of [\d,]+ objects")  # readiness: it is working
    child.sendintr()  # Ctrl-C at the terminal: SIGINT to the process
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, child.before
    assert "selfpy: interrupted; the image was only read and is unchanged" in child.before
    assert "Traceback" not in child.before
    assert snapshot(big_image.parent) == before


def test_verify_reads_an_image_another_process_has_open(image: Path) -> None:
    with selfpy.World(image):
        verified = run("--image", str(image), "image", "verify")
        used = run("--image", str(image), "-e", "1")
    assert verified.returncode == 0 and verified.stdout.startswith("image is sound")
    refused(used, "is in use by process")
