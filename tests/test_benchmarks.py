"""The benchmarks keep working: a quick run of `benchmarks/run` and of
`benchmarks/image_speed.py` gives the right results, and a wrong result makes
them exit with status 1. (Speed itself is judged by the full runs, never here.)"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def bench(*args: str, cwd: Path = BENCHMARKS) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHON=sys.executable)
    return subprocess.run(list(args), capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=240)


def test_a_quick_run_of_the_harness_agrees_with_the_twins() -> None:
    result = bench(str(BENCHMARKS / "run"), "--quick")
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {line.split()[0]: line.split()[-1] for line in result.stdout.splitlines()[1:-1]}
    # fib 15; the sum of 1..20000; primes below 20000; 5000 rounds of 4 + 6 + 10
    assert rows == {"fib": "610", "loop": "200010000", "sieve": "2262", "dispatch": "100000"}
    assert result.stdout.splitlines()[-1].endswith("(quick run: not judged)")
    assert result.stderr == ""


def test_the_harness_fails_when_a_benchmark_disagrees_with_its_twin(tmp_path: Path) -> None:
    copy = tmp_path / "benchmarks"
    shutil.copytree(BENCHMARKS, copy, ignore=shutil.ignore_patterns("reliability", "synthesis"))
    twin = copy / "fib.py"
    twin.write_text(twin.read_text().replace("print(fib(", "print(1 + fib("))
    result = bench(sys.executable, str(copy / "harness.py"), "--quick", "fib", cwd=tmp_path)
    assert result.returncode == 1
    assert "fib: outputs differ: selfpy '610', python '611'" in result.stdout


def test_a_quick_run_of_image_speed() -> None:
    result = bench(sys.executable, str(BENCHMARKS / "image_speed.py"), "--quick")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert lines[1].startswith("statement + commit (median)")
    assert lines[2].startswith("open image, 2,000 objects")
    verified = re.match(r"verify \(([\d,]+) objects\)", lines[3])
    assert verified and int(verified[1].replace(",", "")) > 2000  # the kernel, and the 2,000
    assert result.stderr == ""


def test_image_speed_exits_1_on_a_wrong_result(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture) -> None:
    spec = importlib.util.spec_from_file_location("image_speed", BENCHMARKS / "image_speed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    real = module.verify
    monkeypatch.setattr(module, "verify",
                        lambda world: (real(world)[0], ["object 0x01 is damaged"]))
    assert module.main(["--quick"]) == 1
    assert "wrong result: verify found problems: ['object 0x01 is damaged']" in \
        capsys.readouterr().err
