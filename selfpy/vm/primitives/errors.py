"""Error primitives: signalling an error object, and leaving a handler."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...errors import NotUnderstoodError, SelfpyError
from ...objects.lookup import is_kind_of
from .blocks import ErrorRetry, ErrorReturn

if TYPE_CHECKING:
    from ...objects.interpreter import Interpreter


def install(rt: Interpreter) -> dict[str, Callable]:
    def signal(error: object) -> object:
        existing = getattr(error, "_v_exception", None)
        if existing is not None:
            raise existing
        text = rt.send(error, "messageText")
        text = text if isinstance(text, str) else rt.describe(text)
        not_understood = rt.well_known("messageNotUnderstood")
        cls = SelfpyError
        if not_understood is not None and is_kind_of(error, not_understood, rt.as_object):
            cls = NotUnderstoodError
        exc = cls(text, error)
        error._v_exception = exc
        raise exc

    def error_return(error: object, value: object) -> object:
        raise ErrorReturn(error, value)

    def error_retry(error: object) -> object:
        error._v_exception = None
        raise ErrorRetry(error)

    return {"_Signal": signal, "_ErrorReturn:": error_return, "_ErrorRetry": error_retry}
