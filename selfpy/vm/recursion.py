"""How deeply selfpy sends may nest: Python's recursion limit and the C stack under it.

A selfpy send is a Python call. Most of them are Python-to-Python calls
that use no C stack, but a send that goes through a primitive (`perform:`,
a block called from a collection primitive, a Python callback) enters the
interpreter again from C, and each such level costs C stack: measured on
CPython 3.11 at 280 to 560 bytes per Python frame. At a recursion limit of
40,000 frames that is up to 22 MB, and the usual 8 MB stack of the main
thread overflows with a SIGSEGV before Python's RecursionError can become
selfpy's "stack depth exceeded".

So the limit and the stack are set together, once per process: on the main
thread the soft stack limit is raised (the kernel grows the main thread's
stack up to the limit in force at the time); where it cannot be raised, or
on another thread whose stack size is fixed, the recursion limit is lowered
to what the stack holds. docs/decisions.md has the figures.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

LIMIT = 40_000  # Python frames: about 13,000 nested selfpy sends through primitives
BYTES_PER_FRAME = 2048  # the measured worst (560 bytes) with room for heavier C frames
RESERVE = 4 << 20  # bytes of stack for what runs below selfpy (host program, test runner)
FALLBACK_STACK = 8 << 20  # a thread's stack when nothing says how big it is
FLOOR = 1_000  # Python's own default; never lower than this


def stack_for(limit: int) -> int:
    """Bytes of C stack that `limit` frames need in the worst case."""
    return limit * BYTES_PER_FRAME + RESERVE


def frames_for(stack: int) -> int:
    """The recursion limit a stack of `stack` bytes holds safely."""
    return max(FLOOR, min(LIMIT, (stack - RESERVE) // BYTES_PER_FRAME))


def _main_thread_stack(wanted: int) -> int:
    """Raise the main thread's soft stack limit towards `wanted`; the bytes it may use."""
    try:
        import resource
    except ImportError:  # not a Unix: the linker set the stack size
        return FALLBACK_STACK
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
        if soft == resource.RLIM_INFINITY or soft >= wanted:
            return wanted
        raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        if raised > soft:
            resource.setrlimit(resource.RLIMIT_STACK, (raised, hard))
            soft = raised
    except (OSError, ValueError):
        return FALLBACK_STACK
    return soft


def make_room() -> int:
    """Set the recursion limit and the stack for selfpy code on this thread; the limit.

    Raises the recursion limit to LIMIT where the stack holds it, and lowers
    it where the stack does not (a lower limit is an error message, a higher
    one a crash)."""
    if threading.current_thread() is threading.main_thread():
        stack = _main_thread_stack(stack_for(LIMIT))
    else:  # the size the host asked for its threads, if it did
        stack = threading.stack_size() or FALLBACK_STACK
    limit = frames_for(stack)
    if sys.getrecursionlimit() != limit:
        sys.setrecursionlimit(limit)
    return limit


def start_thread(target: Callable[[], object], name: str) -> threading.Thread:
    """Start a daemon thread with a stack that holds the full recursion limit.

    selfpy's own threads (the budget alarm, the finder's watchdog) run little
    code of their own, but the cyclic garbage collector runs finalizers in
    whichever thread happens to allocate, and a finalizer may run selfpy code
    (a generator's `ensure:` block) or free a deeply nested structure. A thread
    whose stack overflows dies with the whole process and no report."""
    previous = threading.stack_size()
    try:
        threading.stack_size(stack_for(LIMIT))
        return _started(target, name)
    except (ValueError, RuntimeError):  # a platform that does not let us choose the size,
        threading.stack_size(previous)  # or no room for so big a stack (strict overcommit)
        return _started(target, name)
    finally:
        threading.stack_size(previous)


def _started(target: Callable[[], object], name: str) -> threading.Thread:
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread
