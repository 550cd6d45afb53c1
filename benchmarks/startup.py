"""Start-up: how long selfpy takes before it does anything, against `python -c 0`.

Measured as whole processes, median of N runs each, in the same run:

- `selfpy --image EXISTING -e 0` (an image made beforehand; target 0.15 s);
- `selfpy --memory -e 0` (a throw-away image; target 0.25 s);
- the REPL's first prompt on an existing image, in a real terminal (pexpect),
  from spawning to the prompt appearing (target 0.3 s);
- `python -c 0`, the floor.

    python benchmarks/startup.py [--runs 7] [--targets] [--no-bytecode] [--module]

What a user gets: an installed wheel has every module byte-compiled (pip
compiles on install), so a process reads `.pyc` files. A checkout may not
(this machine sets PYTHONDONTWRITEBYTECODE, so an editable install compiles
selfpy's modules from source in every process: about 0.1 s). So the
processes measured here run with PYTHONPYCACHEPREFIX set to a fresh folder,
selfpy byte-compiled into it (`compileall`, as pip does) and writing
allowed, and the untimed first runs write the dependencies' bytecode there
too. `--no-bytecode` measures the checkout as the environment leaves it.

With --targets the exit status is 1 when a figure misses its target.
`python -X importtime -c 'import selfpy.tools.cmdline'` says where import time goes.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect

TARGETS = {"image -e 0": 0.15, "memory -e 0": 0.25, "REPL prompt": 0.3}


def selfpy_command() -> list[str]:
    script = Path(sys.executable).parent / "selfpy"
    return [str(script)] if script.exists() else [sys.executable, "-m", "selfpy"]


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def repl_prompt(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    child = pexpect.spawn(command[0], command[1:], env=env, encoding="utf-8", timeout=60,
                          dimensions=(24, 100))
    child.expect("selfpy>")
    elapsed = time.perf_counter() - start
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    return elapsed


def installed_bytecode(env: dict[str, str], prefix: Path) -> dict[str, str]:
    """An environment whose processes read byte-compiled modules, as an installed wheel's do."""
    env = dict(env, PYTHONPYCACHEPREFIX=str(prefix))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    spec = importlib.util.find_spec("selfpy")
    assert spec is not None and spec.origin is not None
    package = Path(spec.origin).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True,
                   env=env, capture_output=True)
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--targets", action="store_true")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="leave bytecode as the environment has it (a checkout)")
    parser.add_argument("--module", action="store_true",
                        help="run `python -m selfpy`, not the installed command (to measure "
                             "another tree through PYTHONPATH)")
    options = parser.parse_args()
    selfpy = [sys.executable, "-m", "selfpy"] if options.module else selfpy_command()
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, HOME=folder, XDG_DATA_HOME=folder, TERM="xterm")
        if not options.no_bytecode:
            env = installed_bytecode(env, Path(folder) / "bytecode")
        image = str(Path(folder) / "existing.image")
        subprocess.run(selfpy + ["--image", image, "-e", "0"], check=True, capture_output=True,
                       env=env)  # makes the image (and any cache) once, outside the timing
        subprocess.run(selfpy + ["--memory", "-e", "0"], check=True, capture_output=True,
                       env=env)
        repl_prompt(selfpy + ["--image", image], env)  # the REPL's modules, compiled once
        cases = {
            "python -c 0": lambda: timed([sys.executable, "-c", "0"], env),
            "image -e 0": lambda: timed(selfpy + ["--image", image, "-e", "0"], env),
            "memory -e 0": lambda: timed(selfpy + ["--memory", "-e", "0"], env),
            "REPL prompt": lambda: repl_prompt(selfpy + ["--image", image], env),
        }
        results = {name: statistics.median(case() for _ in range(options.runs))
                   for name, case in cases.items()}
    floor = results["python -c 0"]
    missed = []
    print(f"{'case':<14} {'median s':>9} {'x python':>9} {'target s':>9}")
    for name, seconds in results.items():
        target = TARGETS.get(name)
        mark = ""
        if target is not None and seconds > target:
            mark = "  > target"
            missed.append(name)
        print(f"{name:<14} {seconds:>9.3f} {seconds / floor:>9.1f} "
              f"{target if target else '':>9}{mark}")
    return 1 if options.targets and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
