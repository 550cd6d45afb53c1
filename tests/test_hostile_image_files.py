"""Image paths that name no selfpy image: each is refused with a message that says what
the file is, exit status 1, no Python traceback, and nothing on disk changes (the file's
bytes and time, and no lock, index, temporary or blob files appear beside it)."""

from __future__ import annotations

import gzip
import os
import sqlite3
from pathlib import Path

import pexpect
import pytest
import transaction
import ZODB
from BTrees.OOBTree import OOBTree
from hostile_files import (
    SELFPY,
    foreign_database,
    make_image,
    refused,
    run,
    run_as_stranger,
    snapshot,
)
from ZODB.FileStorage import FileStorage

import selfpy
from selfpy.store.migration import CURRENT


def refused_unchanged(directory: Path, image: Path, *fragments: str,
                      args: tuple[str, ...] = ("-e", "3 + 4")) -> None:
    before = snapshot(directory)
    refused(run("--image", str(image), *args), *fragments)
    assert snapshot(directory) == before


def test_an_image_path_that_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    refused_unchanged(tmp_path, tmp_path / "images", "is a directory, not an image file",
                      "images/default.image")


def test_a_text_file_as_image(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("buy milk\nand bread\n")
    refused_unchanged(tmp_path, tmp_path / "notes.txt", "notes.txt is not a selfpy image: it "
                      "is a text file (first line: 'buy milk')")


def test_an_empty_file_as_image(tmp_path: Path) -> None:
    (tmp_path / "app.image").touch()
    refused_unchanged(tmp_path, tmp_path / "app.image", "is an empty file (0 bytes), not a "
                      "selfpy image")


def test_a_file_shorter_than_an_image_header(tmp_path: Path) -> None:
    (tmp_path / "app.image").write_bytes(b"FS")
    refused_unchanged(tmp_path, tmp_path / "app.image", "is truncated: 2 bytes")


def test_a_truncated_image(tmp_path: Path) -> None:
    image = make_image(tmp_path / "app.image")
    data = image.read_bytes()
    image.write_bytes(data[:len(data) * 2 // 3])
    refused_unchanged(tmp_path, image, "is truncated or damaged at its end", "restore it from "
                      "a backup")


def test_an_image_with_garbage_at_its_end(tmp_path: Path) -> None:
    image = make_image(tmp_path / "app.image")
    with image.open("ab") as handle:
        handle.write(b"\x00garbage appended by a broken copy" * 10)
    refused_unchanged(tmp_path, image, "is truncated or damaged at its end")


def test_another_programs_zodb_database_is_left_alone(tmp_path: Path) -> None:
    database = foreign_database(tmp_path / "Data.fs")
    assert (tmp_path / "Data.fs.index").exists()
    refused_unchanged(tmp_path, database, "Data.fs is not a selfpy image: it is a ZODB "
                      "database of another program (its root holds 'catalog', 'users'); "
                      "selfpy leaves it alone")


def test_another_programs_database_without_its_index(tmp_path: Path) -> None:
    database = foreign_database(tmp_path / "Data.fs")
    (tmp_path / "Data.fs.index").unlink()
    refused_unchanged(tmp_path, database, "a ZODB database of another program")
    assert not (tmp_path / "Data.fs.index").exists()


def test_a_database_whose_root_is_not_a_mapping(tmp_path: Path) -> None:
    storage = FileStorage(str(tmp_path / "tree.fs"))
    storage.tpc_begin(txn := __import__("ZODB.Connection").Connection.TransactionMetaData())
    from ZODB.serialize import ObjectWriter
    tree = OOBTree()
    tree._p_oid = b"\0" * 8
    storage.store(b"\0" * 8, b"\0" * 8, ObjectWriter().serialize(tree), "", txn)
    storage.tpc_vote(txn)
    storage.tpc_finish(txn)
    storage.close()
    for leftover in ("tree.fs.lock", "tree.fs.tmp"):
        (tmp_path / leftover).unlink()
    refused_unchanged(tmp_path, tmp_path / "tree.fs", "its root object is a "
                      "BTrees.OOBTree.OOBTree")


def test_an_sqlite_database_as_image(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "app.db")
    connection.execute("create table t (x)")
    connection.commit()
    connection.close()
    refused_unchanged(tmp_path, tmp_path / "app.db", "app.db is not a selfpy image: it is an "
                      "SQLite database")


def test_a_gzip_file_as_image(tmp_path: Path) -> None:
    (tmp_path / "app.image.gz").write_bytes(gzip.compress(b"FS30 and more"))
    refused_unchanged(tmp_path, tmp_path / "app.image.gz", "it is a gzip file")


def test_a_python_2_filestorage(tmp_path: Path) -> None:
    (tmp_path / "old.fs").write_bytes(b"FS21" + bytes(64))
    refused_unchanged(tmp_path, tmp_path / "old.fs", "written by Python 2 (FS21)")


def test_an_export_given_as_image_says_how_to_import_it(tmp_path: Path) -> None:
    image = make_image(tmp_path / "app.image")
    assert run("--image", str(image), "image", "export", str(tmp_path / "app.export"))\
        .returncode == 0
    refused_unchanged(tmp_path, tmp_path / "app.export", "it is a selfpy export, not an image",
                      "image import")


def test_a_binary_file_as_image(tmp_path: Path) -> None:
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 8)
    refused_unchanged(tmp_path, tmp_path / "noise.bin", "it is a binary file")


def test_an_image_below_a_file(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    refused_unchanged(tmp_path, tmp_path / "plain" / "app.image",
                      "cannot make image", "plain is a file, not a directory")


def test_an_image_in_a_directory_the_user_cannot_write(public_dir: Path) -> None:
    (public_dir / "locked").mkdir()
    (public_dir / "locked").chmod(0o555)
    result = run_as_stranger("--image", str(public_dir / "locked" / "app.image"), "-e", "1")
    refused(result, "cannot make image", "is not writable")
    assert list((public_dir / "locked").iterdir()) == []


def test_an_image_the_user_may_only_read_is_refused_for_use_but_verified(
        public_dir: Path) -> None:
    image = make_image(public_dir / "shared.image")
    image.chmod(0o444)
    before = snapshot(public_dir)
    refused(run_as_stranger("--image", str(image), "-e", "1"),
            "cannot open image", "for changes: permission denied")
    verified = run_as_stranger("--image", str(image), "image", "verify")
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("image is sound")
    info = run_as_stranger("--image", str(image), "image", "info")
    assert info.returncode == 0 and f"format       {CURRENT}" in info.stdout
    assert snapshot(public_dir) == before


@pytest.mark.parametrize("value, shown", [("'banana'", "'banana'"), ("-1", "-1"), ("0", "0"),
                                          ("2.5", "2.5"), ("None", "None"), ("'3'", "'3'")])
def test_nonsense_format_values_are_refused_by_name(tmp_path: Path, value: str,
                                                    shown: str) -> None:
    image = make_image(tmp_path / "app.image")
    db = ZODB.DB(FileStorage(str(image)))
    connection = db.open()
    connection.root()["selfpy"]["format"] = eval(value)
    transaction.commit()
    db.close()
    message = f"has format {shown}, which is not a selfpy image format"
    refused_unchanged(tmp_path, image, message)
    refused_unchanged(tmp_path, image, message, args=("image", "history"))


def test_a_served_image_path_must_be_a_zeo_address(tmp_path: Path) -> None:
    refused(run("--image", "zeo://localhost:port", "-e", "1"), "zeo://HOST:PORT")


def test_serving_another_programs_database_is_refused(tmp_path: Path) -> None:
    foreign_database(tmp_path / "Data.fs")
    before = snapshot(tmp_path)
    refused(run("image", "serve", str(tmp_path / "Data.fs"), "--port", "1"),
            "a ZODB database of another program")
    assert snapshot(tmp_path) == before


def test_an_empty_zodb_database_becomes_an_image(tmp_path: Path) -> None:
    ZODB.DB(FileStorage(str(tmp_path / "fresh.fs"))).close()  # a root, nothing in it
    result = run("--image", str(tmp_path / "fresh.fs"), "-e", "3 + 4")
    assert (result.returncode, result.stdout) == (0, "7\n"), result.stderr


def test_a_commit_a_crash_left_unfinished_is_set_aside_and_said(tmp_path: Path) -> None:
    image = make_image(tmp_path / "app.image")
    good = image.read_bytes()
    with selfpy.World(image) as world:
        world.eval("lobby addSlots: (| later = 'never acknowledged' |)")
    whole = image.read_bytes()
    unfinished = bytearray(whole[len(good):])
    unfinished[16:17] = b"c"  # the status of a transaction still being written
    image.write_bytes(good + bytes(unfinished[:len(unfinished) // 2]))
    result = run("--image", str(image), "-e", "box area")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "9\n"
    assert "ends in a commit that never finished" in result.stderr
    assert f"set aside in {image}.tr0" in result.stderr
    assert image.read_bytes() == good
    assert (tmp_path / "app.image.tr0").exists()
    again = run("--image", str(image), "-e", "(lobby includesSlot: 'later') printString")
    assert (again.stdout, again.stderr) == ("'false'\n", "")


def test_the_repl_at_a_terminal_refuses_a_text_file_as_image(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("buy milk\n")
    before = snapshot(tmp_path)
    child = pexpect.spawn(SELFPY[0], [*SELFPY[1:], "--image", str(tmp_path / "notes.txt")],
                          encoding="utf-8", timeout=60)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "notes.txt is not a selfpy image: it is a text file" in child.before
    assert "Traceback" not in child.before
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("special", ["fifo", "/dev/null"])
def test_a_pipe_or_device_as_image_is_refused_without_waiting(tmp_path: Path,
                                                              special: str) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "pipe.image"
        os.mkfifo(path)
    kind = "a named pipe" if special == "fifo" else "a device"
    refused(run("--image", str(path), "-e", "1", timeout=60), f"is {kind}, not an image file")


def test_debug_shows_the_python_traceback_of_a_refusal(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("buy milk\n")
    result = run("--debug", "--image", str(tmp_path / "notes.txt"), "-e", "1")
    assert result.returncode == 1
    assert "Traceback" in result.stderr
    assert "it is a text file" in result.stderr


def test_an_embedding_program_gets_a_selfpy_error_and_the_file_stays(tmp_path: Path) -> None:
    database = foreign_database(tmp_path / "Data.fs")
    before = snapshot(tmp_path)
    with pytest.raises(selfpy.SelfpyError, match="a ZODB database of another program"):
        selfpy.World(database)
    assert snapshot(tmp_path) == before
