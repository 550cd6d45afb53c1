"""Step and time limits for code selfpy does not trust yet (a candidate's trial
run), and the alarm that enforces a whole synthesis's deadline.

A step is one Python-level call, which is one send of a compiled method or
block or one primitive: the profile hook counts them. A loop that makes no
calls at all (an inlined `whileTrue:` over small integers) is caught by the
time limit instead: one alarm thread delivers an asynchronous exception into
the running thread, and delivers it again every few milliseconds for as long
as the limit stays over, so neither `ensure:` blocks nor handlers can keep
the code running. Both raise `BudgetExceeded`, a BaseException, so no
`on: error do:` inside the candidate can swallow it; the block primitives
call `rearm` before a cleanup block runs, so once a limit is over no further
selfpy code runs under it.

Limits nest (a trial inside a synthesis): the alarm watches every active
limit of a thread, and leaving a limit takes delivery of any alarm already
on its way, so nothing is raised into the code that follows. The host's own
bookkeeping after a run (a ZODB savepoint rolled back) runs `shielded`: an
exception raised into the middle of it would leave the transaction unusable,
so the alarm waits until it is done.
"""

from __future__ import annotations

import ctypes
import functools
import math
import sys
import threading
import time
from collections.abc import Callable

from . import recursion
from .deadline import Deadline

REPEAT = 0.01  # seconds between two alarms while a limit stays over


class BudgetExceeded(BaseException):
    """The code ran out of steps or time."""

    def __init__(self, reason: str = "ran out of time") -> None:
        super().__init__(reason)
        self.reason = reason


class _TimeUp(BudgetExceeded):
    """Raised asynchronously by the alarm (a class without arguments)."""

    def __init__(self) -> None:
        super().__init__("ran out of time")


class _Watch:
    """The active limits of one thread; `lock` is held while an alarm is being sent."""

    def __init__(self) -> None:
        self.thread_id = threading.get_ident()
        self.limits: list[limited] = []
        self.lock = threading.Lock()
        self.last_fire = -math.inf
        self.shield = 0  # > 0 while host bookkeeping runs that no alarm may interrupt

    def due(self, now: float) -> float:
        """When the next alarm is due (inf: none)."""
        limits = list(self.limits)
        if not limits:
            return math.inf
        earliest = min(limit.end for limit in limits)
        if earliest <= now:
            return max(earliest, self.last_fire + REPEAT)
        return earliest

    def over(self, now: float) -> bool:
        return any(limit.end <= now for limit in list(self.limits))


_local = threading.local()


def _watch() -> _Watch:
    watch = getattr(_local, "watch", None)
    if watch is None:
        watch = _local.watch = _Watch()
        _ALARM.add(watch)
    return watch


class _Alarm:
    """One daemon thread that sends the time-up exception to threads whose limit is over."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.watches: list[_Watch] = []
        self.thread: threading.Thread | None = None
        self.next_due = math.inf  # when the alarm thread wakes next (under `condition`)

    def add(self, watch: _Watch) -> None:
        with self.condition:
            self.watches.append(watch)
            if self.thread is None:
                self.thread = recursion.start_thread(self._run, "selfpy budget alarm")

    def wake_for(self, end: float) -> None:
        """A limit ending at `end` began: wake the alarm if it sleeps past that."""
        with self.condition:
            if end < self.next_due:
                self.next_due = end
                self.condition.notify()

    def _run(self) -> None:
        with self.condition:
            while True:
                now = time.monotonic()
                due = math.inf
                for watch in list(self.watches):
                    when = watch.due(now)
                    if when <= now:
                        _fire(watch, now)
                        when = now + REPEAT
                    due = min(due, when)
                self.next_due = due
                self.condition.wait(None if due == math.inf else max(0.0, due - now))


def _fire(watch: _Watch, now: float) -> None:
    with watch.lock:
        if watch.over(now) and not watch.shield:
            watch.last_fire = now
            async_raise(watch.thread_id, _TimeUp)


_ALARM = _Alarm()


class limited:
    """Run the body with at most `steps` calls (None: uncounted) and `seconds` of wall
    time, and never past `deadline`."""

    def __init__(self, steps: int | None, seconds: float,
                 deadline: Deadline | None = None) -> None:
        self.steps = steps
        self.seconds = seconds
        self.deadline = deadline
        self.count = 0
        self.end = math.inf
        self.exceeded = ""  # why the body was stopped, once it was
        self.previous: object = None
        self.watch: _Watch | None = None
        self.depth = 0
        self.unraisable: object = None  # the unraisable hook before this limit

    @property
    def reason(self) -> str:
        """Why this limit is over."""
        if self.exceeded:
            return self.exceeded
        if self.deadline is not None and self.deadline.at <= self.end:
            return self.deadline.describe()
        return f"ran longer than {self.seconds:g} s"

    def over(self) -> bool:
        return bool(self.exceeded) or time.monotonic() >= self.end

    def _hook(self, frame: object, event: str, arg: object) -> None:
        if event == "call" or event == "c_call":
            if self.exceeded:
                if getattr(frame, "f_code", None) is _quiet.__code__:
                    return  # reporting a finalizer the budget stopped: let it say nothing
                raise BudgetExceeded(self.exceeded)
            self.count += 1
            if self.count > self.steps:  # type: ignore[operator]
                self.exceeded = f"used more than {self.steps} steps"
                raise BudgetExceeded(self.exceeded)
            if not self.count & 1023 and time.monotonic() >= self.end:
                self.exceeded = self.reason
                raise BudgetExceeded(self.exceeded)

    def __enter__(self) -> limited:
        self.end = time.monotonic() + self.seconds
        if self.deadline is not None:
            self.end = min(self.end, self.deadline.at)
        watch = self.watch = _watch()
        self.depth = len(watch.limits)
        watch.limits.append(self)
        _ALARM.wake_for(self.end)
        self.unraisable = sys.unraisablehook
        sys.unraisablehook = functools.partial(_quiet, self.unraisable)
        if self.steps is not None:
            self.previous = sys.getprofile()
            sys.setprofile(self._hook)
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        watch = self.watch
        del watch.limits[self.depth:]  # type: ignore[union-attr]  # no new alarm for these
        while True:
            try:
                with watch.lock:  # type: ignore[union-attr]  # an alarm being sent has been sent
                    pass
                for _ in range(100):  # and one sent has arrived (at the first backward jump)
                    pass
                break
            except _TimeUp:
                continue
        if self.steps is not None:
            sys.setprofile(self.previous)  # type: ignore[arg-type]
        sys.unraisablehook = self.unraisable  # type: ignore[assignment]
        if kind is not None and issubclass(kind, BudgetExceeded) and self.over():
            if not self.exceeded:
                self.exceeded = self.reason
            raise BudgetExceeded(self.exceeded) from None


class shielded:
    """Run host bookkeeping (rolling a savepoint back, resetting caches) with no alarm
    raised into it; a limit that is over is enforced again once it is done (the alarm
    repeats). Entered from a `finally:`, it narrows the window an alarm can land in to
    the few instructions before the shield is up."""

    def __init__(self) -> None:
        self.watch: _Watch | None = None

    def __enter__(self) -> shielded:
        watch = self.watch = getattr(_local, "watch", None)
        if watch is None:
            return self
        watch.shield += 1  # no call here: nothing is delivered before the shield is up
        while True:
            try:
                with watch.lock:  # an alarm being sent has been sent
                    pass
                for _ in range(100):  # and one sent has arrived (at the first backward jump)
                    pass
                break
            except _TimeUp:
                continue
        return self

    def __exit__(self, *exc: object) -> None:
        if self.watch is not None:
            self.watch.shield -= 1


def _quiet(report: Callable[[object], object], unraisable: object) -> None:
    """The unraisable hook while a limit runs: a finalizer (a generator closed, ...) that
    the budget stopped is expected and not reported; anything else is, without the budget
    watching the report itself."""
    previous = sys.getprofile()
    sys.setprofile(None)
    try:
        if not isinstance(getattr(unraisable, "exc_value", None), BudgetExceeded):
            report(unraisable)
    finally:
        sys.setprofile(previous)  # type: ignore[arg-type]


def rearm() -> None:
    """Raise at once if a limit of this thread is over (before a cleanup block runs)."""
    watch = getattr(_local, "watch", None)
    if watch is None or not watch.limits:
        return
    for limit in list(watch.limits):
        if limit.over():
            if not limit.exceeded:
                limit.exceeded = limit.reason
            current = sys.exception()
            if isinstance(current, BudgetExceeded):
                raise current  # the same one: no chain of contexts as deep as the stack
            raise BudgetExceeded(limit.exceeded)


def checkpoint() -> tuple[int, object]:
    """This thread's limits and profile hook now, for `restore`."""
    watch = getattr(_local, "watch", None)
    return (len(watch.limits) if watch is not None else 0), sys.getprofile()


def restore(point: tuple[int, object]) -> None:
    """Drop every limit begun after `point` and put its profile hook back: after Ctrl-C
    (or an alarm) arrived where a limit could not clean up after itself."""
    depth, profile = point
    watch = getattr(_local, "watch", None)
    if watch is not None:
        del watch.limits[depth:]
    sys.setprofile(profile)  # type: ignore[arg-type]


def active() -> limited | None:
    """The innermost limit running in this thread, if any."""
    watch = getattr(_local, "watch", None)
    return watch.limits[-1] if watch is not None and watch.limits else None


def async_raise(thread_id: int, exception: type[BaseException]) -> None:
    """Raise `exception` in the thread `thread_id` at its next bytecode (how a time limit
    stops running code)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exception))
