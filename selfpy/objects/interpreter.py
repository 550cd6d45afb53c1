"""What the object model and the primitives need from the interpreter running them.

`selfpy.vm.runtime.Runtime` is the one implementation. Modules below the VM
(history, the map writer) and the primitives name this protocol instead of
importing the runtime, so no layer depends on the one above it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol

from ..errors import SelfpyError
from .prototypes import SelfObject, Vector


class Interpreter(Protocol):
    """The interpreter of one connection, as primitives and the object model see it."""

    state: dict  # the image's 'selfpy' mapping (well-known objects, history, format)
    lobby: SelfObject
    true: SelfObject
    false: SelfObject
    nil: SelfObject
    origin: str  # who is changing the image now: a file, 'REPL', 'synthesis', ...
    write: Callable[[str], None]  # where `print` output goes
    arguments: list[str]  # a script's command-line arguments
    confinement: object  # what running code may do (None: anything), see `vm.effects`

    def send(self, receiver: object, selector: str, *arguments: object) -> object:
        """Send a message and answer its result."""
        ...

    def signal(self, prototype: str, text: str) -> None:
        """Raise a selfpy error: a clone of the lobby's `prototype` saying `text`."""
        ...

    def as_error(self, exc: BaseException) -> SelfpyError:
        """Any exception raised while running selfpy code, as a selfpy error."""
        ...

    def error(self, prototype: str, text: str) -> SelfpyError:
        """A selfpy error (not raised yet) whose error object is a clone of `prototype`."""
        ...

    def attach_error(self, exc: SelfpyError, prototype: str) -> SelfpyError:
        """Give `exc` its selfpy error object (a clone of `prototype`)."""
        ...

    def acting(self, *, origin: str | None = None, write: Callable[[str], None] | None = None,
               kernel: bool | None = None, synthesizing: bool | None = None,
               confinement: object = None) -> AbstractContextManager[Interpreter]:
        """For the duration: who changes the image, where output goes, kernel loading,
        a synthesis under way, what running code may do."""
        ...

    def describe(self, value: object) -> str:
        """A short printString for messages, that never fails."""
        ...

    def name_of(self, obj: object) -> str:
        """A name for a well-known object ('lobby', 'traits integer'), else ''."""
        ...

    def as_object(self, value: object) -> SelfObject:
        """The object lookup starts at for `value`."""
        ...

    def well_known(self, name: str) -> object:
        """The object the lobby names `name`, None when it has none."""
        ...

    def prototype(self, name: str) -> SelfObject:
        """A prototype of the image ('vector', 'list', 'message', ...)."""
        ...

    def boolean(self, flag: object) -> SelfObject:
        """`true` or `false`."""
        ...

    def not_boolean(self, value: object, selector: str) -> None:
        """Signal that a condition answered something other than a boolean."""
        ...

    def make_vector(self, items: list) -> Vector:
        """A new selfpy vector holding `items`."""
        ...

    def change_object(self, change: object) -> SelfObject:
        """A history change as a selfpy object."""
        ...

    def changed(self) -> None:
        """Slots, methods or parents changed: caches must be dropped."""
        ...

    def check_guard(self, obj: object, name: str, value: object) -> None:
        """Before a slot of `obj` changes: its guard may refuse (see `Runtime.guard`)."""
        ...
