"""Tab completion for the REPL: selectors the receiver understands, names, meta-commands.

The receiver is worked out without running code: a literal, a REPL
variable, a lobby slot, or a chain of data slots read from one of those
(`traits clonable`, `point x`). Its selectors come from lookup: every slot
on its lookup path (setters too), leaving out the lobby's globals unless the
receiver is the lobby.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from ..objects.lookup import find, lookup_path
from ..objects.prototypes import Block
from ..objects.slot import ASSIGNABLE, METHOD
from ..syntax.parser import parse_number

if TYPE_CHECKING:
    from ..embed.world import World

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*:?$")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
_NUMBER = re.compile(r"-?\d+(?:r[0-9A-Za-z]+|\.\d+(?:[eE]-?\d+)?|[eE]-?\d+)?$")
_STRING = re.compile(r"'(?:[^']|'')*'$")
_UNKNOWN = object()


class SelfpyCompleter(Completer):
    """Completes selectors, names and meta-commands."""

    def __init__(self, world: World, workspace: dict, commands: Iterable[str]) -> None:
        self.world = world
        self.workspace = workspace
        self.commands = sorted(commands)

    def get_completions(self, document: Document,
                        complete_event: CompleteEvent) -> Iterable[Completion]:
        text = document.text_before_cursor
        if text.lstrip().startswith(":") and " " not in text.strip():
            word = text.strip()
            for command in self.commands:
                if command.startswith(word):
                    yield Completion(command, -len(word))
            return
        match = _WORD.search(text)
        prefix = match.group(0) if match else ""
        before = text[: len(text) - len(prefix)]
        if before.lstrip().startswith(":"):
            before = before.lstrip()[1:].split(" ", 1)[-1] if " " in before.strip() else ""
        receiver = self.receiver(before) if before[-1:].isspace() else _UNKNOWN
        if receiver is _UNKNOWN:
            for name in self.names():
                if name.startswith(prefix) and name != prefix:
                    yield Completion(name, -len(prefix))
            return
        for selector, holder in self.selectors(receiver):
            if selector.startswith(prefix):
                first = selector.split(":")[0] + ":" if ":" in selector else selector
                yield Completion(first, -len(prefix), display=selector, display_meta=holder)

    # ---- what the receiver is ---------------------------------------------------
    def receiver(self, before: str) -> object:
        """The value of the operand that ends `before`, or _UNKNOWN."""
        text = before.rstrip()
        rt = self.world.runtime
        if not text:
            return _UNKNOWN
        if text.endswith("]"):
            return Block(None, 0)
        if text.endswith("}"):
            return rt.prototype("vector")
        if _STRING.search(text):
            return ""
        number = _NUMBER.search(text)
        if number and not _NAME.search(text[: number.start()]):
            try:
                return parse_number(number.group(0))
            except ValueError:
                return _UNKNOWN
        names: list[str] = []
        while (name := _NAME.search(text)) is not None:
            names.insert(0, name.group(0))
            text = text[: name.start()].rstrip()
            if not text or text[-1] in "([{.;^=" or text.endswith((":", "|")) or \
                    re_operator(text):
                break
        if not names:
            return _UNKNOWN
        value = self.named(names[0])
        for name in names[1:]:
            if value is _UNKNOWN:
                break
            value = self.data_slot(value, name)
        return value

    def named(self, name: str) -> object:
        rt = self.world.runtime
        if name in self.workspace:
            return self.workspace[name]
        pseudo = {"self": rt.lobby, "true": rt.true, "false": rt.false, "nil": rt.nil}
        if name in pseudo:
            return pseudo[name]
        return self.data_slot(rt.lobby, name)

    def data_slot(self, value: object, name: str) -> object:
        """The value of a constant or assignable slot `name`, found by lookup; no code runs."""
        rt = self.world.runtime
        found = find(rt.as_object(value), name, rt.as_object)
        if found is None or found[1].kind == METHOD:
            return _UNKNOWN
        holder, slot = found
        return holder.slot_value(slot)

    # ---- candidates -------------------------------------------------------------------
    def selectors(self, value: object) -> list[tuple[str, str]]:
        rt = self.world.runtime
        seen: dict[str, str] = {}
        for obj in lookup_path(rt.as_object(value), rt.as_object):
            if obj is rt.lobby and value is not rt.lobby:
                continue
            label = rt.name_of(obj) or ""
            for name, slot in obj._map.slots.items():
                seen.setdefault(name, label)
                if slot.kind == ASSIGNABLE:
                    seen.setdefault(name + ":", label)
        return sorted(seen.items())

    def names(self) -> list[str]:
        rt = self.world.runtime
        names = set(self.workspace) | {"self", "true", "false", "nil"}
        names |= {n for n, s in rt.lobby._map.slots.items() if isinstance(n, str)}
        return sorted(names)


def re_operator(text: str) -> bool:
    return text[-1] in "-+*/\\<>=~@%&?,!|"


def understood(world: World, value: object) -> list[str]:
    """Selectors `value` understands (for tests and `:help`)."""
    return [s for s, _ in SelfpyCompleter(world, {}, []).selectors(value)]

