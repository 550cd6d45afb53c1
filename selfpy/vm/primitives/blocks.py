"""Block primitives: evaluation, loops, unwinding and error handlers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...errors import SelfpyError
from ...objects.lookup import is_kind_of
from ...objects.prototypes import Block
from ..budget import rearm
from ..translation import HANDLED

if TYPE_CHECKING:
    from ...objects.interpreter import Interpreter


class ErrorReturn(BaseException):
    """`e return: v` inside a handler: `on:do:` answers v."""

    def __init__(self, error: object, value: object) -> None:
        self.error = error
        self.value = value


class ErrorRetry(BaseException):
    """`e retry` inside a handler: `on:do:` runs its block again."""

    def __init__(self, error: object) -> None:
        self.error = error


def install(rt: Interpreter) -> dict[str, Callable]:
    def call(block: object, *arguments: object) -> object:
        if type(block) is not Block:
            return rt.send(block, ("value", "value:", "value:value:", "value:value:value:",
                                   "value:value:value:value:")[len(arguments)], *arguments)
        if block.arity != len(arguments):
            rt.signal("error", f"the block takes {block.arity} argument"
                               f"{'s' if block.arity != 1 else ''}, "
                               f"but was given {len(arguments)}")
        return block.function(*arguments)

    def value0(b: Block) -> object:
        if b.arity:
            call(b)
        return b.function()

    def value1(b: Block, a: object) -> object:
        if b.arity != 1:
            call(b, a)
        return b.function(a)

    def value_with_arguments(b: Block, arguments: object) -> object:
        return call(b, *list(getattr(arguments, "items", ())))

    def condition(b: Block, selector: str) -> bool:
        result = call(b)
        if result is rt.true:
            return True
        if result is rt.false:
            return False
        rt.not_boolean(result, selector)
        return False

    def while_true(b: Block, body: object) -> object:
        while condition(b, "whileTrue:"):
            call(body)
        return rt.nil

    def while_false(b: Block, body: object) -> object:
        while not condition(b, "whileFalse:"):
            call(body)
        return rt.nil

    def repeat(b: Block) -> object:
        while True:
            call(b)

    def unwind(after: object, original: BaseException) -> None:
        """Run an ensure:/ifCurtailed: block while `original` unwinds; a failure in it is
        noted on the original error instead of hiding it."""
        try:
            call(after)
        except HANDLED as second:
            text = rt.as_error(second).message
            note = f"the ensure: block failed too while unwinding: {text}"
            if isinstance(original, SelfpyError):
                original.notes.append(note)
            else:
                original.add_note(note)

    def ensure(b: Block, after: object) -> object:
        try:
            result = call(b)
        except BaseException as original:
            rearm()  # a trial over its budget runs no cleanup block
            unwind(after, original)
            raise
        rearm()
        call(after)
        return result

    def if_curtailed(b: Block, after: object) -> object:
        try:
            return call(b)
        except BaseException as original:
            rearm()
            unwind(after, original)
            raise

    def on_do(b: Block, kind: object, handler: object) -> object:
        while True:
            try:
                return call(b)
            except HANDLED as raised:
                exc = rt.as_error(raised)
                if exc is not raised:
                    exc.__traceback__ = raised.__traceback__
                error = exc.error
                if error is None or not is_kind_of(error, kind, rt.as_object):
                    if exc is raised:
                        raise
                    raise exc from None
            try:
                if type(handler) is Block and handler.arity == 0:
                    return call(handler)
                return call(handler, error)
            except ErrorReturn as returned:
                if returned.error is not error:
                    raise
                return returned.value
            except ErrorRetry as retried:
                if retried.error is not error:
                    raise

    return {
        "_BlockValue": value0,
        "_BlockValue:": value1,
        "_BlockValue:Value:": lambda b, x, y: call(b, x, y),
        "_BlockValue:Value:Value:": lambda b, x, y, z: call(b, x, y, z),
        "_BlockValue:Value:Value:Value:": lambda b, w, x, y, z: call(b, w, x, y, z),
        "_BlockValueWithArguments:": value_with_arguments,
        "_BlockNumArgs": lambda b: b.arity,
        "_BlockWhileTrue:": while_true,
        "_BlockWhileFalse:": while_false,
        "_BlockRepeat": repeat,
        "_BlockEnsure:": ensure,
        "_BlockIfCurtailed:": if_curtailed,
        "_BlockOn:Do:": on_do,
    }
