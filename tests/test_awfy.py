"""The Are-We-Fast-Yet suite's short form: every benchmark once in selfpy and
in CPython, each checking its own result, as the harness runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HARNESS = Path(__file__).resolve().parent.parent / "benchmarks" / "awfy" / "harness.py"
NAMES = ["Bounce", "CD", "DeltaBlue", "Havlak", "Json", "List", "Mandelbrot", "NBody",
         "Permute", "Queens", "Richards", "Sieve", "Storage", "Towers"]


def run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(HARNESS), *arguments], capture_output=True,
                          text=True, timeout=900, check=False)


def test_every_benchmark_verifies_its_result_in_both_languages() -> None:
    done = run("--short")
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines()[1:]}
    assert sorted(rows) == sorted(NAMES)
    assert all(marks == ["ok", "ok"] for marks in rows.values()), done.stdout


def test_a_size_without_a_known_answer_is_reported_wrong() -> None:
    for side in ("selfpy", "python"):
        done = run("--child", side, "Mandelbrot", "--inner", "3", "--no-warmup")
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout.strip().splitlines()[-1])
        assert report["ok"] is False
        assert "no verification result for 3" in done.stdout


def test_unknown_benchmark_is_a_usage_error() -> None:
    done = run("--short", "Fibonacci")
    assert done.returncode == 2
    assert "unknown benchmark Fibonacci" in done.stderr


def test_calibration_ends_when_a_repeated_run_falls_just_short() -> None:
    """A benchmark with fixed sizes is repeated until it takes the least time. When 9
    repeats fell just short of it, the harness picked 2 repeats, then 5, then 2, for ever."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("awfy_harness", HARNESS)
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    runs: list[int] = []

    def timed(loop: object, inner: int, repeat: int) -> tuple[bool, float]:
        runs.append(repeat)
        assert len(runs) < 20, runs  # the harness would go on for ever
        if inner != 1000:
            return True, 0.0001
        return True, repeat * (0.06 if len(runs) == 2 else 0.0544)  # the first run was slow

    harness.timed = timed
    harness.BENCHMARKS["Fake"] = ("fake", (10, 1000))
    harness.python_loop = lambda stem, name, short=False: None
    report = harness.child("python", "Fake", 10, warmup=0, calibrate=0.5)
    assert report["ok"] and report["inner"] == 1000 and report["seconds"] >= 0.5
    assert runs[:2] == [1, 1] and runs[-1] == report["repeat"] > 9
