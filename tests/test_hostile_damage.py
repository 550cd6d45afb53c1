"""Damaged images: opening says the image is damaged (no traceback, nothing rewritten);
`image verify` and `image info` read it as it is, name each damaged object (oid, class if
known, and the slot or entry that refers to it) and exit with status 1."""

from __future__ import annotations

from pathlib import Path

import pytest
import ZEO
from hostile_files import corrupt_record, foreign_database, make_image, refused, run, snapshot
from ZODB.FileStorage import FileStorage
from ZODB.utils import oid_repr

import selfpy
from selfpy.store.migration import CURRENT


@pytest.fixture
def image(tmp_path: Path) -> Path:
    return make_image(tmp_path / "app.image")


def test_verify_names_a_damaged_slot_value_by_its_slot(image: Path) -> None:
    oid = corrupt_record(image, "lobby._map.slots['box'].value._p_oid")
    before = snapshot(image.parent)
    result = run("--image", str(image), "image", "verify")
    refused(result, f"object {oid_repr(oid)} (box, class unreadable) "
            "cannot be loaded", "it is slot 'box' of lobby", "1 problem(s) in ")
    assert snapshot(image.parent) == before  # verify reads; it repairs and rewrites nothing


def test_info_shows_what_it_can_and_names_the_damage(image: Path) -> None:
    corrupt_record(image, "lobby._map.slots['box'].value._p_oid")
    before = snapshot(image.parent)
    result = run("--image", str(image), "image", "info")
    assert result.returncode == 1
    assert f"format       {CURRENT}" in result.stdout and "objects" in result.stdout
    assert "damaged: 1 problem(s)" in result.stdout
    assert "it is slot 'box' of lobby" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(image.parent) == before


def test_using_a_damaged_object_is_an_error_not_a_crash(image: Path) -> None:
    oid = corrupt_record(image, "lobby._map.slots['box'].value._p_oid")
    before = snapshot(image.parent)[image.name]
    refused(run("--image", str(image), "-e", "box area"),
            f"<-e>:1:5: object {oid_repr(oid)} (box, a SelfObject) of the image "
            "is damaged and cannot be loaded (UnpicklingError: ",
            "run `selfpy image verify` to find every damaged object")
    ok = run("--image", str(image), "-e", "3 + 4")  # the rest of the image still works
    assert (ok.returncode, ok.stdout) == (0, "7\n")
    assert snapshot(image.parent)[image.name] == before  # the image itself is not rewritten


def test_a_damaged_object_at_the_repl_and_in_scripts_is_an_error_and_the_rest_goes_on(
        image: Path) -> None:
    oid = corrupt_record(image, "lobby._map.slots['box'].value._p_oid")
    before = snapshot(image.parent)[image.name]
    damaged = f"object {oid_repr(oid)} (box, a SelfObject) of the image is damaged"
    piped = run("--image", str(image), stdin="box area\n3 + 4\nbox\n4 + 4\n")
    refused(piped, f"<stdin>:1:5: {damaged}", "selfpy image verify")
    # printing the damaged object itself fails like any failing printString
    assert piped.stdout.startswith(f"7\nbox (printString failed: {damaged}")
    assert piped.stdout.endswith(")\n8\n")
    caught = run("--image", str(image), "-e",
                 "[box area] on: error do: [:e | e messageText displayLine. 0]")
    assert caught.returncode == 0 and caught.stdout.startswith(damaged)
    script = image.parent / "uses.self"
    script.write_text("(3 + 4) printLine.\nbox area printLine.\n'not reached' printLine.\n")
    result = run("--image", str(image), str(script))
    refused(result, f"uses.self:2:5: {damaged}")
    assert result.stdout == "7\n"
    assert snapshot(image.parent)[image.name] == before


def test_verify_names_a_damaged_map_as_the_map_of_its_object(image: Path) -> None:
    corrupt_record(image, "lobby._map.slots['box'].value._map._p_oid")
    refused(run("--image", str(image), "image", "verify"), "it is the map of box",
            "(box): cannot be checked")


def test_a_damaged_kernel_object_refuses_opening_and_verify_names_it(image: Path) -> None:
    corrupt_record(image, "state['traits']['integer']._p_oid")
    before = snapshot(image.parent)[image.name]
    refused(run("--image", str(image), "-e", "3 + 4"), "is damaged: an object it needs cannot "
            "be loaded", "selfpy image verify")
    refused(run("--image", str(image), "image", "verify"), "(traits integer, class "
            "unreadable) cannot be loaded", "entry 'integer' of the traits table")
    assert snapshot(image.parent)[image.name] == before


def test_a_damaged_image_state(image: Path) -> None:
    corrupt_record(image, "world.connection.root()['selfpy']._p_oid")
    refused(run("--image", str(image), "-e", "1"), "is damaged: its root objects cannot be "
            "loaded")
    refused(run("--image", str(image), "image", "verify"), "the image's state cannot be "
            "loaded", "object 0x01", "entry 'selfpy' of the database root")


def test_a_damaged_database_root(image: Path) -> None:
    corrupt_record(image, "b'\\0' * 8")
    before = snapshot(image.parent)
    refused(run("--image", str(image), "-e", "1"), "is damaged: its root record cannot be "
            "loaded")
    refused(run("--image", str(image), "image", "verify"), "root record cannot be loaded")
    assert snapshot(image.parent) == before


def test_bytes_overwritten_in_the_middle_of_the_file(image: Path) -> None:
    with selfpy.World(image) as world:
        oid = world.runtime.lobby._map.slots["box"].value._p_oid
        world.eval("lobby addSlots: (| later = 1 |)")  # the box's record is not the last
    storage = FileStorage(str(image), read_only=True)
    position = storage._index[oid]  # where the box's record starts
    storage.close()
    data = bytearray(image.read_bytes())
    data[position:position + 300] = b"\xaa" * 300  # its header and more, as a bad disk would
    image.write_bytes(bytes(data))
    verified = run("--image", str(image), "image", "verify")  # the index still finds records
    refused(verified, f"object {oid_repr(oid)} (box, class unknown) cannot be read from the "
            "file", "slot 'box' of lobby")
    (image.parent / "app.image.index").unlink()
    before = snapshot(image.parent)
    refused(run("--image", str(image), "-e", "1"), f"is damaged at byte {position:,} of",
            "its records cannot be read")
    refused(run("--image", str(image), "image", "verify"), f"is damaged at byte {position:,}")
    assert snapshot(image.parent) == before


def test_verify_of_a_truncated_image_says_so(image: Path) -> None:
    data = image.read_bytes()
    image.write_bytes(data[:-50])
    before = snapshot(image.parent)
    refused(run("--image", str(image), "image", "verify"), "truncated or damaged at its end")
    assert snapshot(image.parent) == before


@pytest.mark.parametrize("tool", ["info", "verify"])
def test_verify_and_info_refuse_what_is_no_image(tmp_path: Path, tool: str) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    (tmp_path / "dir").mkdir()
    before = snapshot(tmp_path)
    refused(run("--image", str(tmp_path / "notes.txt"), "image", tool), "it is a text file")
    refused(run("--image", str(tmp_path / "dir"), "image", tool), "is a directory")
    refused(run("--image", str(tmp_path / "none.image"), "image", tool), "there is no image "
            "at")
    assert snapshot(tmp_path) == before


def test_a_record_whose_class_can_still_be_read_is_named_by_class(image: Path) -> None:
    corrupt_record(image, "lobby._map.slots['box'].value._p_oid",
                   lambda record: record[:len(record) // 2])  # the state pickle is cut off
    refused(run("--image", str(image), "image", "verify"),
            "(box, a selfpy.objects.prototypes.SelfObject) cannot be loaded", "slot 'box' of lobby")


def test_a_served_database_of_another_program_is_not_made_an_image(tmp_path: Path) -> None:
    database = foreign_database(tmp_path / "Data.fs")
    address, stop = ZEO.server(path=str(database), threaded=False)
    try:
        refused(run("--image", f"zeo://{address[0]}:{address[1]}", "-e", "1"),
                "is not a selfpy image: it is a ZODB database of another program")
    finally:
        stop()
    storage = FileStorage(str(database), read_only=True)
    try:
        assert len(storage) == 3  # the root, 'catalog' and 'users': nothing was added
    finally:
        storage.close()


@pytest.mark.parametrize("tool", [["pack"], ["export", "x.export"], ["fileout", "out"]])
def test_tools_that_meet_a_damaged_object_say_the_image_is_damaged(image: Path,
                                                                  tool: list[str]) -> None:
    corrupt_record(image, "lobby._map.slots['box'].value._p_oid")
    before = snapshot(image.parent)[image.name]
    refused(run("--image", str(image), "image", *tool, cwd=image.parent),
            f"image {image} is damaged",
            "selfpy image verify")
    assert snapshot(image.parent)[image.name] == before
    assert not list(image.parent.glob("*.pack"))


def test_history_of_an_image_with_a_damaged_object_still_lists(image: Path) -> None:
    """The history names objects; a damaged one keeps its name and breaks nothing."""
    corrupt_record(image, "lobby._map.slots['box'].value._p_oid")
    before = snapshot(image.parent)[image.name]
    result = run("--image", str(image), "image", "history")
    assert result.returncode == 0, result.stderr
    assert "add     lobby box  (embedding)" in result.stdout
    assert snapshot(image.parent)[image.name] == before
