"""Every `selfpy` example in docs/*.md runs and prints exactly its `output` block."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

import selfpy

DOCS = Path(__file__).resolve().parent.parent / "docs"
FENCE = re.compile(r"```(selfpy|output)\n(.*?)```", re.S)


def examples(path: Path) -> list[tuple[int, str, str | None]]:
    """(line, code, expected output or None) for each selfpy block of a page."""
    text = path.read_text(encoding="utf-8")
    found: list[tuple[int, str, str | None]] = []
    for match in FENCE.finditer(text):
        kind, body = match.groups()
        line = text.count("\n", 0, match.start()) + 2
        if kind == "selfpy":
            found.append((line, body, None))
        elif found and found[-1][2] is None:
            found[-1] = (found[-1][0], found[-1][1], body)
    return found


PAGES = sorted(p for p in DOCS.glob("*.md") if examples(p))


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_examples(page: Path) -> None:
    out = io.StringIO()
    with selfpy.World(output=out.write) as world:
        for line, code, expected in examples(page):
            start = out.tell()
            try:
                world.eval(code, f"{page.name}@{line}")
            except selfpy.SelfpyError as error:
                pytest.fail(f"{page.name} example at line {line} failed:\n{error.format()}")
            if expected is not None:
                out.seek(start)
                assert out.read() == expected, f"{page.name} example at line {line}"
                out.seek(0, io.SEEK_END)


def test_language_page_has_examples() -> None:
    assert len(examples(DOCS / "language.md")) >= 15


PYTHON_FENCE = re.compile(r"```python\n(.*?)```", re.S)
PYTHON_PAGES = sorted(p for p in DOCS.glob("*.md") if PYTHON_FENCE.search(p.read_text()))


@pytest.mark.parametrize("page", PYTHON_PAGES, ids=[p.name for p in PYTHON_PAGES])
def test_python_examples(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    namespace: dict = {"__name__": f"docs_{page.stem}"}
    blocks = list(PYTHON_FENCE.finditer(text))
    assert blocks
    for match in blocks:
        line = text.count("\n", 0, match.start()) + 2
        code = compile(match.group(1), f"{page.name}:{line}", "exec")
        exec(code, namespace)
