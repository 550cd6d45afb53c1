"""A world: one image opened for use, with a transaction per top-level statement."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import transaction

from . import backtrace
from .errors import NonLocalReturn, SelfpyError
from .genesis import primordial_state, stdlib_files
from .image import ROOT_KEY, open_database
from .runtime import RECURSION_LIMIT, Runtime


class World:
    """The selfpy world of one image.

    `World()` is a throw-away world in memory; `World(path)` opens (or
    creates) the image at `path`.
    """

    def __init__(self, image: str | os.PathLike | None = None,
                 output: Callable[[str], None] | None = None) -> None:
        if sys.getrecursionlimit() < RECURSION_LIMIT:
            sys.setrecursionlimit(RECURSION_LIMIT)
        self.path = image
        self.db = open_database(image)
        self.transaction_manager = transaction.TransactionManager()
        self.connection = self.db.open(transaction_manager=self.transaction_manager)
        root = self.connection.root()
        self.committed = 0
        if ROOT_KEY not in root:
            self._genesis(root, output)
        else:
            self.runtime = Runtime(root[ROOT_KEY], output)

    def _genesis(self, root: dict, output: Callable[[str], None] | None) -> None:
        """Create the primordial objects and load the stdlib, in one transaction.

        The runtime made here stays the world's runtime: methods compiled
        while loading the kernel belong to it.
        """
        state = primordial_state()
        root[ROOT_KEY] = state
        self.runtime = Runtime(state, output)
        self.runtime.loading_kernel = True
        try:
            for path in stdlib_files():
                for _ in self._statements(path.read_text(encoding="utf-8"), str(path.name)):
                    pass
        except BaseException:
            self.transaction_manager.abort()
            raise
        finally:
            self.runtime.loading_kernel = False
        self.transaction_manager.get().note("genesis")
        self.transaction_manager.commit()

    @property
    def lobby(self) -> object:
        return self.runtime.lobby

    # ---- running code ------------------------------------------------------------
    def _statements(self, source: str, filename: str | None):
        """Run top-level code, yielding after each statement (so callers can commit)."""
        rt = self.runtime
        generator = rt.compile_doit(source, filename)(rt.lobby)
        while True:
            try:
                value = next(generator)
            except StopIteration as stop:
                if stop.value is not None:
                    yield stop.value
                return
            except NonLocalReturn:
                raise self._fail(SelfpyError("non-local return ('^') from a block whose method "
                                             "has already returned")) from None
            except KeyboardInterrupt as interrupt:
                error = SelfpyError("interrupted")
                error.backtrace = backtrace.frames(interrupt.__traceback__)
                raise self._fail(error) from None
            except BaseException as raised:  # noqa: BLE001 - every failure becomes a selfpy error
                error = rt.as_error(raised)
                error.backtrace = backtrace.frames(raised.__traceback__)
                raise self._fail(error) from None
            yield value

    def _fail(self, error: SelfpyError) -> SelfpyError:
        frame = backtrace.blame(error.backtrace)
        if frame is not None and error.line is None:
            _, where, line, column, _ = frame
            error.filename = where.rpartition(":")[0]
            error.line, error.column = line or None, column or None
        return error

    def eval(self, source: str, filename: str | None = None, commit: bool = True) -> object:
        """Run `source`; each top-level statement commits, a failing one aborts.

        Answers the value of the last statement. With commit=False, everything
        is rolled back at the end (tests use this for isolation).
        """
        value = self.runtime.nil
        try:
            for value in self._statements(source, filename):  # noqa: B007 - the last one is answered
                if commit:
                    self.transaction_manager.commit()
                    self.committed += 1
        except BaseException:
            self.abort()
            raise
        if not commit:
            self.abort()
        return value

    def abort(self) -> None:
        """Throw away uncommitted changes; caches are dropped since maps may have reverted."""
        self.transaction_manager.abort()
        self.runtime.changed()

    def run_file(self, path: str | os.PathLike, arguments: list[str] | None = None) -> object:
        """Run a `.self` script, a transaction per top-level statement."""
        self.runtime.arguments = list(arguments or [])
        text = Path(path).read_text(encoding="utf-8")
        return self.eval(text, str(path))

    def print_string(self, value: object) -> str:
        """`value printString`, as a Python string."""
        text = self.runtime.send(value, "printString")
        return text if isinstance(text, str) else self.runtime.describe(value)

    def close(self) -> None:
        """Abort anything pending and close the image."""
        try:
            self.transaction_manager.abort()
        finally:
            self.connection.close()
            self.db.close()

    def __enter__(self) -> World:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
