"""The `selfpy` command: -e, scripts, piped input, exit codes, selfpy backtraces."""

from __future__ import annotations

from pathlib import Path

from helpers import run


def test_expression_prints_its_print_string() -> None:
    result = run("--memory", "-e", "3 + 4")
    assert (result.returncode, result.stdout, result.stderr) == (0, "7\n", "")


def test_expression_strings_print_with_quotes() -> None:
    assert run("--memory", "-e", "'a' , 'b'").stdout == "'ab'\n"


def test_script_runs_and_sees_its_arguments(tmp_path: Path) -> None:
    script = tmp_path / "hello.self"
    script.write_text("""
| greeting |
greeting := 'hello, ' , (system arguments at: 1).
greeting displayLine.
system arguments size printLine.
""")
    result = run("--memory", str(script), "world", "two")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "hello, world\n2\n"


def test_error_in_script_gives_position_and_selfpy_backtrace(tmp_path: Path) -> None:
    script = tmp_path / "broken.self"
    script.write_text("""lobby addSlots: (|
    inner = ( 3 zork ).
    outer = ( inner ).
|).
'before' displayLine.
outer.
'not reached' displayLine.
""")
    result = run("--memory", str(script))
    assert result.returncode == 1
    assert result.stdout == "before\n"
    lines = result.stderr.splitlines()
    assert lines[0] == f"{script}:2:17: 3 does not understand #zork"
    assert "selfpy backtrace (most recent send last):" in lines
    assert f"  {script}:6 in doIt" in lines
    assert f"  {script}:3 in lobby outer" in lines
    assert f"  {script}:2 in lobby inner" in lines
    assert "Traceback" not in result.stderr


def test_debug_shows_the_python_traceback_too() -> None:
    result = run("--memory", "--debug", "-e", "1 / 0")
    assert result.returncode == 1
    assert "Traceback" in result.stderr
    assert "division by zero" in result.stderr


def test_parse_error_in_script_has_caret_and_exit_1(tmp_path: Path) -> None:
    script = tmp_path / "bad.self"
    script.write_text("3 printLine.\n(| a = 1.\n")
    result = run("--memory", str(script))
    assert result.returncode == 1
    assert result.stdout == ""  # nothing ran: the whole file is parsed first
    assert result.stderr.splitlines() == [
        f"{script}:2:10: missing ')' to close the object literal opened at 2:1",
        "    (| a = 1.",
        "             ^",
    ]


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert run("--no-such-flag").returncode == 2
    assert run("--memory", str(tmp_path / "missing.self")).returncode == 2
    assert run("--memory", "-e", "1", str(tmp_path / "x.self")).returncode == 2


def test_piped_input_reads_statements_without_prompts() -> None:
    result = run("--memory", stdin="3 + 4\n")
    assert (result.returncode, result.stdout) == (0, "7\n")


def test_piped_input_multi_line_and_errors() -> None:
    result = run("--memory", stdin="lobby addSlots: (|\n  twice: x = ( x * 2 )\n|).\n"
                                   "twice: 21\n3 zork\n'after' displayLine\n")
    assert result.returncode == 1
    assert "42" in result.stdout.splitlines()
    assert "after" in result.stdout.splitlines()
    assert "3 does not understand #zork" in result.stderr


def test_file_image_keeps_definitions_between_runs(tmp_path: Path) -> None:
    image = tmp_path / "test.image"
    first = run("--image", str(image), "-e", "lobby addSlots: (| kept = 41 |). kept + 1")
    assert (first.returncode, first.stdout) == (0, "42\n"), first.stderr
    second = run("--image", str(image), "-e", "kept")
    assert (second.returncode, second.stdout) == (0, "41\n"), second.stderr


def test_python_dash_m_works_from_another_directory(tmp_path: Path) -> None:
    result = run("--memory", "-e", "10 factorial", cwd=tmp_path)
    assert result.stdout == "3628800\n"


def test_default_image_comes_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    image = tmp_path / "env.image"
    monkeypatch.setenv("SELFPY_IMAGE", str(image))
    assert run("-e", "lobby addSlots: (| fromEnv = 1 |). fromEnv").stdout == "1\n"
    assert image.exists()
    monkeypatch.delenv("SELFPY_IMAGE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert run("-e", "genesis format").stdout == "4\n"
    assert (tmp_path / "data" / "selfpy" / "default.image").exists()
