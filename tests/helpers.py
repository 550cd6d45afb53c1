"""Running the real `selfpy` program in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SELFPY = [sys.executable, "-m", "selfpy"]


def run(*args: str, stdin: str | None = None, cwd: Path | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.run([*SELFPY, *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, timeout=timeout, env=env)
