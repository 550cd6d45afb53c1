"""Python exceptions out of running selfpy code, as the selfpy errors users see.

The one place that decides what a failure says: `on:do:` handlers (through
`as_error`), the trial runs of synthesis and everything that runs top-level
code (through `translate`, which adds the interrupted, conflict and
non-local-return cases and the position of the failing send).
"""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING

import zodbpickle.pickle
from ZODB.POSException import ConflictError, POSError, StateLoadError

from ..compile import backtrace
from ..errors import HOST_ERRORS, ConflictingChangeError, NonLocalReturn, SelfpyError, host_error

if TYPE_CHECKING:
    from ..objects.interpreter import Interpreter

LOAD_ERRORS = (POSError, pickle.UnpicklingError, zodbpickle.pickle.UnpicklingError, EOFError)
"""What reading a damaged record raises (ZODB reads with zodbpickle, which has its own)."""

DAMAGE = (StateLoadError, pickle.UnpicklingError, zodbpickle.pickle.UnpicklingError)
"""What running code meets in a damaged record (a missing one is a LookupError); each
becomes a selfpy error naming the object (`host_error`). Not all of LOAD_ERRORS: a
ConflictError is a POSError too, and must reach the transaction's retry."""

HANDLED = (SelfpyError, *HOST_ERRORS, *DAMAGE)
"""The failures of selfpy code that `on: error do:` catches."""

TRIAL_FAILURES = HANDLED
"""The failures that make a synthesis candidate fail its trial (any Python slip counts)."""


def as_error(rt: Interpreter, exc: BaseException) -> SelfpyError:
    """Any exception raised while running selfpy code, as a selfpy error with its error object."""
    if isinstance(exc, SelfpyError):
        return exc if exc.error is not None else rt.attach_error(exc, "error")
    prototype, message = host_error(exc, lambda obj: _name(rt, obj))
    made = rt.error(prototype, message)
    made.notes.extend(getattr(exc, "__notes__", ()))
    made.__traceback__ = exc.__traceback__
    return made


def translate(rt: Interpreter, raised: BaseException) -> SelfpyError:
    """Any exception out of running top-level selfpy code, as the selfpy error to show."""
    if isinstance(raised, NonLocalReturn):
        error = SelfpyError("non-local return ('^') from a block whose method has "
                            "already returned")
    elif isinstance(raised, KeyboardInterrupt):
        error = SelfpyError("interrupted")
    elif isinstance(raised, ConflictError):
        error = ConflictingChangeError(
            "another connection changed the same objects at the same time; "
            "the change was rolled back, try again")
    else:
        error = as_error(rt, raised)
    if not error.backtrace:
        error.backtrace = backtrace.frames(raised.__traceback__)
    frame = backtrace.blame(error.backtrace)
    if frame is not None and error.line is None:
        _, where, line, column, _ = frame
        error.filename = where.rpartition(":")[0]
        error.line, error.column = line or None, column or None
    return error


def _name(rt: Interpreter, obj: object) -> str:
    """What an object of the image is called, for an error about it: its name, or the
    lobby slot that holds it (found by identity: the object itself may not load)."""
    try:
        name = rt.name_of(obj)
    except Exception:  # noqa: BLE001 - naming loads other objects, which may be damaged too
        name = ""
    if name:
        return name
    lobby = rt.lobby
    for slot_name, slot in lobby._map.slots.items():
        try:
            if lobby.slot_value(slot) is obj:
                return f"slot '{slot_name}' of lobby"
        except Exception:  # noqa: BLE001, S112 - a slot that does not load names nothing
            continue
    return ""
