"""A world: one image opened for use.

Every thread that uses a world gets a session of its own: a ZODB connection,
a transaction manager and a runtime. Top-level code commits after each
statement; an embedding call (`eval`, a proxy send) is one transaction,
unless the caller groups calls in `with world.transaction():`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import os
import random
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import transaction
from persistent.mapping import PersistentMapping
from ZODB.Connection import Connection
from ZODB.POSException import ConflictError

from ..errors import ConflictingChangeError, SelfpyError
from ..objects.prototypes import Method, SelfObject
from ..objects.slot import Slot
from ..resources import cache_folder, data_dir
from ..store import kernel, migration
from ..store.database import ROOT_KEY, open_database
from ..store.genesis import primordial_state, stdlib_files
from ..store.image_file import check_root, damaged
from ..syntax.selector import arity, is_primitive
from ..syntax.source_text import read_source
from ..synthesis import model, policy
from ..synthesis import primitives as synthesis_primitives
from ..vm import primitives as kernel_primitives
from ..vm import recursion
from ..vm.limits import allow_big_integers
from ..vm.runtime import Runtime
from ..vm.translation import HANDLED, LOAD_ERRORS, translate
from .boundary import to_python, to_selfpy

PRIMITIVES = (kernel_primitives.install,
              functools.partial(synthesis_primitives.install, to_selfpy=to_selfpy))
_ORIGINS = {"<stdin>": "REPL", "<-e>": "command line"}
CONFLICT_RETRIES = 16
CONFLICT_BACKOFF = 0.005  # seconds; doubles with each attempt, jittered, up to the cap
CONFLICT_BACKOFF_CAP = 0.5


class _Session:
    """What one thread needs to use a world: connection, transactions, runtime."""

    def __init__(self, world: World) -> None:
        self.transaction_manager = transaction.TransactionManager()
        self.connection = world.db.open(transaction_manager=self.transaction_manager)
        self.depth = 0  # nesting of `with world.transaction():`
        self.committed = 0
        root = self.connection.root()
        check_root(root, world.path)  # a served database of another program is left alone
        runtime = world._genesis(self, root) if ROOT_KEY not in root else None
        if runtime is not None:
            self.runtime = runtime
        else:  # an existing image, or one another process made while we were making ours
            root = self.connection.root()
            state = root[ROOT_KEY]
            migration.check(state["format"], world.path)
            self.runtime = world._make_runtime(self, state)
            if state["format"] < migration.CURRENT:
                world._migrate(self, state)
        self.seen = world.db.lastTransaction()


class World:
    """The selfpy world of one image.

    `World()` is a throw-away world in memory; `World(path)` opens (or
    creates) the image at `path`; `World('zeo://host:port')` connects to an
    image served by `selfpy image serve`.
    """

    def __init__(self, image: str | os.PathLike | None = None,
                 output: Callable[[str], None] | None = None, *, synthesize: str = "never",
                 asker: Callable | None = None) -> None:
        recursion.make_room()
        allow_big_integers()
        self.path = image
        self.output = output
        self._synthesize = policy.checked(synthesize)
        self._asker = asker
        self.notices: list[str] = []  # what opening the image did (migrations), for people
        self.db = open_database(image, self.notices,
                                base=None if image is not None else _kernel_image())
        self._primitives: dict[str, Callable] = {}
        self._local = threading.local()
        self._sessions: list[_Session] = []
        self._lock = threading.Lock()
        self._closed = False
        try:
            self._session()
        except SelfpyError:
            self.db.close()
            raise
        except LOAD_ERRORS as error:  # a record of the image does not load
            self.db.close()
            raise damaged(image, error) from error
        except BaseException:
            self.db.close()
            raise

    # ---- sessions --------------------------------------------------------------
    def _session(self) -> _Session:
        session = getattr(self._local, "session", None)
        if session is None:
            if self._closed:
                raise SelfpyError("this world is closed")
            session = _Session(self)
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    @property
    def runtime(self) -> Runtime:
        """The calling thread's runtime."""
        return self._session().runtime

    @property
    def connection(self) -> Connection:
        """The calling thread's ZODB connection to the image."""
        return self._session().connection

    @property
    def transaction_manager(self) -> transaction.TransactionManager:
        return self._session().transaction_manager

    @property
    def committed(self) -> int:
        """How many transactions this thread has committed."""
        return self._session().committed

    def _make_runtime(self, session: _Session, state: dict) -> Runtime:
        runtime = Runtime(state, self.output, PRIMITIVES, connection=session.connection)
        runtime.configure(policy=self._synthesize, asker=self._asker)
        for selector, function in self._primitives.items():
            runtime.add_primitive(selector, function)
        model.guard_settings(runtime)
        return runtime

    def _genesis(self, session: _Session, root: dict) -> Runtime | None:
        """Create the primordial objects and load the stdlib, in one transaction.

        Answers None when another process committed an image first.

        The runtime made here stays the session's runtime: methods compiled
        while loading the kernel belong to it.
        """
        state = primordial_state()
        root[ROOT_KEY] = state
        runtime = self._make_runtime(session, state)
        session.runtime = runtime
        try:
            with runtime.acting(origin="genesis"):
                kernel.load(runtime, stdlib_files())
        except BaseException:
            session.transaction_manager.abort()
            raise
        session.transaction_manager.get().note("genesis")
        try:
            session.transaction_manager.commit()
        except ConflictError:
            # another process created the image first: use theirs
            session.transaction_manager.abort()
            session.transaction_manager.begin()
            return None
        return runtime

    def _migrate(self, session: _Session, state: dict) -> None:
        """Bring an older image up to date, after backing it up, and say so."""
        old = state["format"]
        copy = migration.backup(self.path, old)
        try:
            with session.runtime.acting(origin="migration"):
                done = migration.migrate(session.runtime, state)
        except BaseException:
            session.transaction_manager.abort()
            raise
        session.transaction_manager.get().note(f"migrate format {old} to {state['format']}")
        session.transaction_manager.commit()
        session.runtime.changed()
        model.guard_settings(session.runtime)
        where = f"; the old image is kept as {copy}" if copy else ""
        self.notices.append(f"migrated image {self.path} from format {old} to "
                            f"{state['format']}{where} ({'; '.join(done)})")

    # ---- synthesis policy --------------------------------------------------------------
    @property
    def synthesize(self) -> str:
        """What a not-understood message does: 'never' (the error), 'auto' (install a method
        that passes the declared examples) or 'ask' (ask `asker`)."""
        return self._synthesize

    @synthesize.setter
    def synthesize(self, name: str) -> None:
        self._synthesize = policy.checked(name)
        for session in self._all_sessions():
            session.runtime.configure(policy=name)

    @property
    def asker(self) -> Callable | None:
        """Called with a `selfpy.synthesis.Proposal`; answers (action, value)."""
        return self._asker

    @asker.setter
    def asker(self, asker: Callable | None) -> None:
        self._asker = asker
        for session in self._all_sessions():
            session.runtime.configure(asker=asker)

    def _all_sessions(self) -> list[_Session]:
        with self._lock:
            return list(self._sessions)

    @property
    def lobby(self) -> object:
        """The lobby, as a proxy."""
        return to_python(self.runtime.lobby, self.runtime, self)

    # ---- running code ------------------------------------------------------------
    def _begin(self, session: _Session) -> None:
        """Start a transaction that sees what other connections committed."""
        if session.depth:
            return
        session.transaction_manager.begin()
        latest = self.db.lastTransaction()
        if latest != session.seen:
            session.seen = latest
            session.runtime.changed()

    def _commit(self, session: _Session) -> None:
        if session.depth:
            return
        try:
            session.transaction_manager.commit()
        except BaseException as raised:  # noqa: BLE001 - a failed commit is a selfpy error
            session.transaction_manager.abort()
            session.runtime.changed()
            raise translate(session.runtime, raised) from None
        session.committed += 1
        session.seen = self.db.lastTransaction()

    def _rollback(self, session: _Session, savepoint: object = None) -> None:
        if savepoint is not None:
            savepoint.rollback()
        else:
            session.transaction_manager.abort()
        session.runtime.changed()

    def _retrying(self, session: _Session, attempt: Callable[[], object]) -> object:
        """Run `attempt`, again after a conflicting commit, with jittered exponential backoff.

        An attempt raises `_Retry` only while it has committed nothing, so
        running it again never repeats a committed change.
        """
        for tries in range(CONFLICT_RETRIES):
            try:
                return attempt()
            except _Retry as retry:
                if tries == CONFLICT_RETRIES - 1 or session.depth:
                    raise retry.error from None
                time.sleep(random.uniform(0, min(CONFLICT_BACKOFF * 2**tries,  # noqa: S311
                                                  CONFLICT_BACKOFF_CAP)))
        raise AssertionError("unreachable")

    def execute(self, source: str, filename: str | None = None, *, commit: bool = True,
                workspace: dict | None = None) -> object:
        """Run `source`; answer the selfpy value of its last statement (not converted).

        Each top-level statement commits; a failing one is rolled back and
        its error raised. With commit=False everything is rolled back at the
        end (the test runner uses this for isolation). A conflict with another
        connection before anything committed runs the code again. `workspace`
        keeps variables between calls (see `Runtime.compile_doit`).
        """
        session = self._session()
        return self._retrying(session, lambda: self._execute(session, source, filename, commit,
                                                             workspace))

    def _execute(self, session: _Session, source: str, filename: str | None,
                 commit: bool, workspace: dict | None = None) -> object:
        self._begin(session)
        rt = session.runtime
        savepoint = session.transaction_manager.savepoint() if session.depth else None
        value = rt.nil
        committed = False
        try:
            with rt.acting(origin=_ORIGINS.get(filename, filename or "embedding")):
                for value in rt.statements(source, filename, workspace):  # noqa: B007
                    if commit:
                        self._commit(session)  # inside a group the whole call is the unit
                        committed = True
        except ConflictingChangeError as error:
            self._rollback(session, savepoint)
            if committed:
                raise
            raise _Retry(error) from None
        except BaseException:
            self._rollback(session, savepoint)
            raise
        if not commit:
            self._rollback(session, savepoint)
        return value

    def run_input(self, source: str, filename: str = "<stdin>",
                  workspace: dict | None = None) -> tuple[object, str]:
        """One REPL input or `-e`: (last value, its printString), as ONE transaction.

        All statements and the printString commit together or not at all. A
        printString that fails does not fail the input: its changes are rolled
        back and the text says what went wrong (`a point (printString failed: ...)`).
        """
        session = self._session()
        return self._retrying(session, lambda: self._run_input(session, source, filename,
                                                               workspace))

    def _run_input(self, session: _Session, source: str, filename: str,
                   workspace: dict | None) -> tuple[object, str]:
        self._begin(session)
        rt = session.runtime
        savepoint = session.transaction_manager.savepoint() if session.depth else None
        try:
            value = rt.nil
            with rt.acting(origin=_ORIGINS.get(filename, filename)):
                for value in rt.statements(source, filename, workspace):  # noqa: B007
                    pass
                shown = self._show(session, value)
                self._commit(session)
        except ConflictingChangeError as error:
            self._rollback(session, savepoint)
            raise _Retry(error) from None
        except BaseException:
            self._rollback(session, savepoint)
            raise
        return value, shown

    def _show(self, session: _Session, value: object) -> str:
        """`value printString` inside the input's transaction; a failure is rolled back."""
        savepoint = session.transaction_manager.savepoint()
        text, problem = self._print_string(session.runtime, value)
        if problem:
            savepoint.rollback()
            session.runtime.changed()
        return text

    def eval(self, source: str, filename: str | None = None) -> object:
        """Run selfpy source; answer its last value as Python (a proxy for objects)."""
        return self._hand_out(self.execute(source, filename))

    def run_file(self, path: str | os.PathLike, arguments: list[str] | None = None) -> object:
        """Run a `.self` script, a transaction per top-level statement."""
        self.runtime.configure(arguments=list(arguments or []))
        text = read_source(path)
        return self._hand_out(self.execute(text, str(path)))

    def _hand_out(self, value: object) -> object:
        """Convert a result for Python; store a new object it hands out (see `to_python`)."""
        session = self._session()
        fresh = getattr(value, "_p_jar", False) is None
        result = to_python(value, session.runtime, self)
        if fresh:
            self._commit(session)
        return result

    def call(self, action: Callable[[Runtime], object]) -> object:
        """Run `action(runtime)` as one transaction (or inside the caller's group); a
        failure is rolled back and raised as a selfpy error."""
        session = self._session()
        return self._retrying(session, lambda: self._call_once(session, action))

    def _call_once(self, session: _Session, action: Callable[[Runtime], object]) -> object:
        self._begin(session)
        savepoint = session.transaction_manager.savepoint() if session.depth else None
        try:
            with session.runtime.acting(origin="embedding"):
                result = action(session.runtime)
        except BaseException as raised:  # noqa: BLE001 - every failure becomes a selfpy error
            self._rollback(session, savepoint)
            raise translate(session.runtime, raised) from None
        try:
            self._commit(session)
        except ConflictingChangeError as error:
            raise _Retry(error) from None
        return result

    @contextlib.contextmanager
    def transaction(self) -> Iterator[World]:
        """Group calls into one transaction: all of them commit, or none.

        Nested groups are savepoints: a failing inner group rolls back only
        its own changes.
        """
        session = self._session()
        self._begin(session)
        savepoint = session.transaction_manager.savepoint() if session.depth else None
        session.depth += 1
        try:
            yield self
        except BaseException:
            session.depth -= 1
            self._rollback(session, savepoint)
            raise
        session.depth -= 1
        self._commit(session)

    # ---- Python primitives ----------------------------------------------------------
    def define_primitive(self, selector: str, function: Callable, *,
                         receiver: bool = False) -> Callable:
        """Make `function` the primitive `selector` (such as `'_Greet:'`) for selfpy code.

        Arguments and the result are converted; a Python exception becomes a
        selfpy error. With receiver=True the function gets the receiver first.
        The image records only the name, never the code.
        """
        if not is_primitive(selector):
            raise SelfpyError(f"primitive names start with '_', as in '_{selector}'")
        try:
            parameters = inspect.signature(function).parameters.values()
        except (TypeError, ValueError):
            parameters = None
        if parameters is not None and not any(p.kind is p.VAR_POSITIONAL for p in parameters):
            wanted = arity(selector) + (1 if receiver else 0)
            if len([p for p in parameters if p.default is p.empty]) > wanted or \
                    len(list(parameters)) < wanted:
                raise SelfpyError(f"{selector} sends {arity(selector)} argument(s)"
                                  f"{' plus the receiver' if receiver else ''}, but "
                                  f"{getattr(function, '__name__', 'the function')} takes "
                                  f"{len(list(parameters))}")
        wrapped = _PythonPrimitive(self, selector, function, receiver)
        self._primitives[selector] = wrapped
        for session in self._all_sessions():
            session.runtime.add_primitive(selector, wrapped)
        origin = f"{getattr(function, '__module__', '?')}." \
                 f"{getattr(function, '__qualname__', repr(function))}"

        def record(rt: Runtime) -> None:
            names = rt.state.get("python primitives")
            if names is None:
                names = rt.state["python primitives"] = PersistentMapping()
            if names.get(selector) != origin:
                names[selector] = origin
        self.call(record)
        return function

    def primitive(self, selector: str, *, receiver: bool = False) -> Callable:
        """Decorator form of `define_primitive`."""
        def decorate(function: Callable) -> Callable:
            return self.define_primitive(selector, function, receiver=receiver)
        return decorate

    # ---- printing and closing --------------------------------------------------------
    def print_string(self, value: object) -> str:
        """`value printString`, as a Python string; never fails (see `run_input`)."""
        return self._print_string(self.runtime, value)[0]

    @staticmethod
    def _print_string(rt: Runtime, value: object) -> tuple[str, bool]:
        """(text, whether printString failed). A failure shows the object's plain
        description and what went wrong, as `a point (printString failed: ...)`."""
        try:
            text = rt.send(value, "printString")
            if isinstance(text, str):
                return text, False
            problem = f"printString answered {rt.describe(text)}, not a string"
        except HANDLED as raised:
            problem = f"printString failed: {rt.as_error(raised).message}"
        try:
            name = rt.primitives["_Describe"](value)
        except HANDLED:
            name = f"a {type(value).__name__}"
        return f"{name} ({problem})", True

    def close(self) -> None:
        """Abort anything pending and close the image."""
        if self._closed:
            return
        self._closed = True
        for session in self._all_sessions():
            with contextlib.suppress(Exception):
                session.transaction_manager.abort()
            with contextlib.suppress(Exception):
                session.connection.close()
        self.db.close()

    def __enter__(self) -> World:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _kernel_image() -> Path | None:
    """A file image holding just the kernel, made once per kernel version.

    A memory world starts from it (read-only, its changes kept in memory)
    instead of running genesis over the stdlib sources each time. None when
    the cache folder cannot be written.
    """
    digest = hashlib.sha256()
    for path in [data_dir("image") / "genesis.toml", *stdlib_files()]:
        digest.update(path.read_bytes())
    for kind in (SelfObject, Method, Slot, PersistentMapping):
        digest.update(f"{kind.__module__}.{kind.__qualname__}".encode())
    digest.update(f"{migration.CURRENT} {sys.version_info[:2]}".encode())
    path = cache_folder() / f"kernel-{digest.hexdigest()[:20]}.image"
    if path.exists():
        return path
    made = path.with_name(f"{path.name}.{os.getpid()}.new")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        World(made).close()
        os.replace(made, path)  # whole or not at all, for processes starting together
    except (OSError, SelfpyError):
        return None
    finally:
        for leftover in path.parent.glob(f"{made.name}*"):
            with contextlib.suppress(OSError):
                if leftover.is_dir():
                    shutil.rmtree(leftover)
                else:
                    leftover.unlink()
    return path


class _Retry(Exception):
    """A conflicting commit before anything was committed: the attempt may run again."""

    def __init__(self, error: ConflictingChangeError) -> None:
        self.error = error


class _PythonPrimitive:
    """A Python callable as a selfpy primitive: converts values, turns exceptions into errors."""

    def __init__(self, world: World, selector: str, function: Callable, receiver: bool) -> None:
        self.world = world
        self.selector = selector
        self.function = function
        self.receiver = receiver

    def bind(self, rt: Runtime) -> Callable:
        world, function, selector, with_receiver = (self.world, self.function, self.selector,
                                                    self.receiver)

        def primitive(receiver: object, *arguments: object) -> object:
            values = [to_python(a, rt, world) for a in arguments]
            if with_receiver:
                values.insert(0, to_python(receiver, rt, world))
            try:
                result = function(*values)
            except SelfpyError:
                raise
            except Exception as error:  # noqa: BLE001 - a Python failure is a selfpy error
                rt.signal("error", f"{selector} failed: {type(error).__name__}: {error}")
            return to_selfpy(result, rt)
        return primitive
