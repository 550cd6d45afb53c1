"""Scripts that cannot be run: each is refused with a message naming the file, the exit
status says whose mistake it is (2: the command line names nothing runnable; 1: the file is
not selfpy text), no Python traceback, and the image is not even opened."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_files import refused, run, run_as_stranger

import selfpy


def test_a_missing_script_is_bad_usage(tmp_path: Path) -> None:
    result = run("--image", str(tmp_path / "app.image"), str(tmp_path / "nosuch.self"))
    refused(result, "no such file", "nosuch.self", status=2)
    assert not (tmp_path / "app.image").exists()


def test_a_directory_as_script_is_bad_usage(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    result = run("--image", str(tmp_path / "app.image"), str(tmp_path / "scripts"))
    refused(result, "scripts is a directory, not a selfpy script", status=2)
    assert not (tmp_path / "app.image").exists()


def test_a_broken_link_as_script_says_where_it_points(tmp_path: Path) -> None:
    (tmp_path / "link.self").symlink_to(tmp_path / "gone.self")
    result = run("--memory", str(tmp_path / "link.self"))
    refused(result, "link.self is a broken link", "gone.self", status=2)


def test_a_binary_script_names_the_first_nul_byte(tmp_path: Path) -> None:
    script = tmp_path / "tool.self"
    script.write_bytes(b"3 printLine.\n\x7fELF\x00\x01\x02")
    result = run("--image", str(tmp_path / "app.image"), str(script))
    refused(result, f"{script}:2:5: a binary file, not selfpy source")
    assert result.stdout == ""  # nothing of it ran
    assert not (tmp_path / "app.image").exists()


def test_a_latin_1_script_names_the_line_and_column_of_the_bad_byte(tmp_path: Path) -> None:
    script = tmp_path / "cafe.self"
    script.write_bytes("'fine' printLine.\n'caf\xe9' printLine.\n".encode("latin-1"))
    result = run("--memory", str(script))
    refused(result, f"{script}:2:5: not UTF-8 text: byte 0xe9", "save the file as UTF-8")
    assert result.stdout == ""


def test_a_utf_16_script_is_refused_not_misread(tmp_path: Path) -> None:
    script = tmp_path / "wide.self"
    script.write_text("3 printLine.\n", encoding="utf-16")
    refused(run("--memory", str(script)), "wide.self:1:")


def test_a_truncated_multibyte_character_at_the_end(tmp_path: Path) -> None:
    script = tmp_path / "cut.self"
    script.write_bytes("'\u00e9t\u00e9' printLine.\n'\u20ac".encode()[:-1])
    refused(run("--memory", str(script)), "cut.self:2:2: not UTF-8 text")


def test_a_utf_8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    script = tmp_path / "bom.self"
    script.write_bytes(b"\xef\xbb\xbf'caf\xc3\xa9' displayLine.\n")
    result = run("--memory", str(script))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "caf\u00e9\n"


def test_an_empty_script_runs_and_does_nothing(tmp_path: Path) -> None:
    script = tmp_path / "empty.self"
    script.write_bytes(b"")
    result = run("--memory", str(script))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_an_unreadable_script_is_bad_usage(public_dir: Path) -> None:
    script = public_dir / "secret.self"
    script.write_text("3 printLine.\n")
    script.chmod(0o000)
    result = run_as_stranger("--memory", str(script))
    refused(result, f"cannot read {script}: permission denied", status=2)


def test_run_file_of_an_embedding_program_gets_a_selfpy_error(tmp_path: Path) -> None:
    script = tmp_path / "bad.self"
    script.write_bytes(b"1 printLine.\n\xff\xfe")
    with selfpy.World() as world, pytest.raises(selfpy.SelfpyError) as caught:
        world.run_file(script)
    assert caught.value.format().startswith(f"{script}:2:1: not UTF-8 text: byte 0xff")


def test_a_script_failing_to_decode_leaves_an_existing_image_untouched(tmp_path: Path) -> None:
    image = tmp_path / "app.image"
    assert run("--image", str(image), "-e", "lobby addSlots: (| n = 1 |). n").returncode == 0
    before = os.stat(image).st_mtime_ns, image.read_bytes()
    script = tmp_path / "bad.self"
    script.write_bytes(b"lobby addSlots: (| n = 2 |).\n\xc3\x28")
    refused(run("--image", str(image), str(script)), "bad.self:2:1")
    assert (os.stat(image).st_mtime_ns, image.read_bytes()) == before
