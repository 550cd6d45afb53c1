"""Step and time limits for code selfpy does not trust yet (a candidate's trial run).

A step is one Python-level call, which is one send of a compiled method or
block or one primitive: the profile hook counts them. A loop that makes no
calls at all (an inlined `whileTrue:` over small integers) is caught by the
time limit instead, which a timer thread delivers as an asynchronous
exception into the running thread. Both raise `BudgetExceeded`, a
BaseException, so no `on: error do:` inside the candidate can swallow it.
"""

from __future__ import annotations

import ctypes
import sys
import threading
import time


class BudgetExceeded(BaseException):
    """The code ran out of steps or time."""

    def __init__(self, reason: str = "ran out of time") -> None:
        super().__init__(reason)
        self.reason = reason


class _TimeUp(BudgetExceeded):
    """Raised asynchronously by the timer (exception classes only, no arguments)."""

    def __init__(self) -> None:
        super().__init__("ran out of time")


class limited:
    """Run the body with at most `steps` calls and `seconds` of wall time."""

    def __init__(self, steps: int, seconds: float) -> None:
        self.steps = steps
        self.seconds = seconds
        self.count = 0
        self.thread_id = threading.get_ident()
        self.lock = threading.Lock()
        self.active = False
        self.previous: object = None
        self.deadline = 0.0
        self.timer: threading.Timer | None = None
        self.fired = False

    def _hook(self, frame: object, event: str, arg: object) -> None:
        if event == "call" or event == "c_call":
            self.count += 1
            if self.count > self.steps:
                sys.setprofile(None)
                raise BudgetExceeded(f"used more than {self.steps} steps")
            if not self.count & 1023 and time.monotonic() > self.deadline:
                sys.setprofile(None)
                raise BudgetExceeded(f"ran longer than {self.seconds:g} s")

    def _interrupt(self) -> None:
        with self.lock:
            if self.active:
                self.fired = True
                _async_raise(self.thread_id, _TimeUp)

    def __enter__(self) -> limited:
        self.deadline = time.monotonic() + self.seconds
        self.active = True
        self.timer = threading.Timer(self.seconds, self._interrupt)
        self.timer.daemon = True
        self.timer.start()
        self.previous = sys.getprofile()
        sys.setprofile(self._hook)
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        sys.setprofile(self.previous)  # type: ignore[arg-type]
        with self.lock:
            self.active = False
            if self.timer is not None:
                self.timer.cancel()
        if self.fired and not (kind is not None and issubclass(kind, _TimeUp)):
            # The time-up was sent as the body finished and may still be on its way:
            # take delivery here. (Clearing it with SetAsyncExc(NULL) instead leaves
            # CPython 3.11's eval breaker set, which stalls the thread.)
            try:
                for _ in range(10_000_000):
                    pass
            except _TimeUp:
                pass


def _async_raise(thread_id: int, exception: type[BaseException]) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exception))
