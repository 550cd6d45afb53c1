"""Running the real `selfpy` program in a subprocess."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

SELFPY = [sys.executable, "-m", "selfpy"]


def run(*args: str, stdin: str | None = None, cwd: Path | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.run([*SELFPY, *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, timeout=timeout, env=env)


@contextlib.contextmanager
def ctrl_c_once_running(world: object) -> Iterator[None]:
    """Press Ctrl-C (SIGINT to this process) once selfpy code sends `_Running`, not after a
    guessed pause; nothing is pressed if the block ends first."""
    running, finished = threading.Event(), threading.Event()
    world.define_primitive("_Running", running.set)  # type: ignore[attr-defined]

    def press_ctrl_c() -> None:
        running.wait(60)
        if not finished.is_set():
            os.kill(os.getpid(), signal.SIGINT)
    presser = threading.Thread(target=press_ctrl_c)
    presser.start()
    try:
        yield
    finally:
        finished.set()
        running.set()
        presser.join()
