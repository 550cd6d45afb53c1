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
