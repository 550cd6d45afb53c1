"""Effects: what running code did to the image and outside it, observed rather
than guessed.

Inside the image, ZODB already knows: after a savepoint, every persistent
object that existed before and is then changed registers itself with the
connection, and the savepoint still holds its earlier state, so the changed
slots can be named. Objects made after the savepoint are not registered:
code may change what it created. Outside the image, the primitives that
print, read the command line or call the embedding program ask the active
confinement first (`Runtime.confinement`), which records and refuses them.

Two confinements use this: a candidate's trial (`Trial`, which records what
it saw so the crucible can judge it) and a method installed by `auto`
(`Rights`, which lets it change only the receiver slots its trial showed and
otherwise undoes the change and raises a selfpy error naming the method).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..objects.prototypes import Method, SelfObject
from ..objects.slot import value_attribute

if TYPE_CHECKING:
    from ..objects.interpreter import Interpreter as Runtime

_VALUE_PREFIX = value_attribute("")
_PLAIN = (int, float, str, list, dict, tuple)  # compared by value, everything else by identity


@dataclass
class Change:
    """A persistent object that existed before the run and was changed, and how."""

    obj: object
    name: str  # 'pLLM', 'traits root', 'a point', 'the image history'
    parts: list[str]  # changed slot names; 'slots' for a new layout; 'elements'

    def describe(self) -> str:
        return f"{self.name} ({', '.join(self.parts)})" if self.parts else self.name


def registered(rt: Runtime) -> list[object]:
    """Persistent objects changed since the connection's last savepoint."""
    return list(getattr(rt.connection, "_registered_objects", ()))


def savepoint(rt: Runtime) -> object:
    """A savepoint of the transaction: from here on every change to an older object is
    seen. A connection that joins the transaction only later (its first change) leaves
    it again when the savepoint is rolled back, so nothing at all is committed then."""
    return rt.connection.transaction_manager.savepoint()  # type: ignore[attr-defined]


def changed_parts(rt: Runtime, obj: object) -> list[str]:
    """Which slots of `obj` differ from its state at the last savepoint."""
    now = obj.__getstate__() if hasattr(obj, "__getstate__") else None
    try:
        data, _ = rt.connection._storage.load(obj._p_oid)  # type: ignore[attr-defined]
        before = rt.connection._reader.getState(data)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - an object the storage cannot show: name it only
        return []
    if not isinstance(now, dict) or not isinstance(before, dict):
        return []
    parts = []
    for key in sorted(set(now) | set(before)):
        if key in now and key in before and now[key] is before[key]:
            continue
        if key in now and key in before and type(now[key]) in _PLAIN and \
                type(now[key]) is type(before[key]) and now[key] == before[key]:
            continue
        parts.append(part_name(key))
    return sorted(set(parts))


def part_name(attribute: str) -> str:
    """A slot name for an attribute of an object: `s_url` is url, `_map` its slots."""
    if attribute.startswith(_VALUE_PREFIX):
        return attribute[len(_VALUE_PREFIX):]
    return {"_map": "slots", "items": "elements"}.get(attribute, attribute)


def name_of(rt: Runtime, obj: object) -> str:
    """How a changed object is named to people."""
    if isinstance(obj, SelfObject):
        name = rt.name_of(obj)
        if name:
            return name
        try:
            return str(rt.primitives["_Describe"](obj))
        except Exception:  # noqa: BLE001 - naming must never fail
            return "an object"
    if isinstance(obj, Method):
        return f"the method #{obj.selector}"
    if obj is rt.state:
        return "the image"
    module = type(obj).__module__
    if module.startswith("BTrees") or type(obj).__name__ == "Change":
        return "the image history"
    return f"a {type(obj).__name__}"


def changes(rt: Runtime, objects: list[object]) -> list[Change]:
    found = []
    seen: set[int] = set()
    for obj in objects:
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        found.append(Change(obj, name_of(rt, obj), changed_parts(rt, obj)))
    return found


def receiver_state(receiver: object) -> dict | None:
    """A receiver's slot values, to see what one activation changed (also for new objects)."""
    if not isinstance(receiver, SelfObject):
        return None
    state = dict(receiver.__getstate__())
    items = getattr(receiver, "items", None)
    if isinstance(items, list | dict):
        state["items"] = items.copy()
    return state


def state_diff(before: dict | None, after: dict | None) -> set[str]:
    if before is None or after is None:
        return set()
    parts = set()
    for key in set(before) | set(after):
        old, new = before.get(key, _MISSING), after.get(key, _MISSING)
        if old is new:
            continue
        if type(old) is type(new) and type(old) in _PLAIN and old == new:
            continue
        parts.add(part_name(key))
    return parts


_MISSING = object()


# ---- confinements -----------------------------------------------------------------------
class Confinement:
    """What code running now may do outside the image (see `Runtime.confinement`)."""

    def refuse(self, what: str) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def keep_registered(self) -> None:
        """A savepoint is about to forget which objects were registered: note them."""


@dataclass
class Activation:
    """One run of the candidate: its receiver and the slots of it that changed."""

    receiver: object
    parts: set[str]
    phase: str  # 'send' (the pending send) or 'example'


@dataclass
class Trial(Confinement):
    """A candidate's trial: records reaches outside the image and refuses them."""

    rt: Runtime
    outside: list[str] = field(default_factory=list)  # what it was refused: 'print', ...
    activations: list[Activation] = field(default_factory=list)
    collected: list[Change] = field(default_factory=list)  # changes of earlier runs
    phase: str = "send"

    def refuse(self, what: str) -> None:
        if what not in self.outside:
            self.outside.append(what)
        self.rt.signal("error", f"synthesized code may not {what} (refused in its trial)")

    def refused(self) -> str:
        return "tried to " + ", ".join(self.outside) if self.outside else ""

    def watch(self, function: Callable) -> Callable:
        """The candidate's compiled function, noting what each activation changes in its
        receiver."""
        activations = self.activations

        def watched(receiver: object, *arguments: object) -> object:
            before = receiver_state(receiver)
            try:
                return function(receiver, *arguments)
            finally:
                parts = state_diff(before, receiver_state(receiver))
                activations.append(Activation(receiver, parts, self.phase))
        return watched

    def shown(self) -> set[str]:
        """Receiver slots that some example showed the candidate changing."""
        return set().union(*(a.parts for a in self.activations if a.phase == "example"))

    def collect(self) -> None:
        """Note the older objects changed since the trial's savepoint (before it is rolled
        back for the next run)."""
        self.collected.extend(changes(self.rt, registered(self.rt)))

    def keep_registered(self) -> None:
        self.collect()

    def verdict(self, finished: bool = True) -> str:
        """Why the effects are not allowed ('' when they are). Before every example has
        run (`finished` false) a change of the receiver is not judged yet."""
        if self.outside:
            return self.refused()
        receivers = {id(a.receiver) for a in self.activations}
        for change in self.collected + changes(self.rt, registered(self.rt)):
            if not (id(change.obj) in receivers and change.parts):
                return f"changes {change.describe()}"
        return self.unshown() if finished else ""

    def unshown(self) -> str:
        """The change of the receiver in the pending send that no example shows, if any."""
        shown = self.shown()
        receivers = {id(a.receiver) for a in self.activations}
        for change in self.collected + changes(self.rt, registered(self.rt)):
            extra = set(change.parts) - shown
            if id(change.obj) in receivers and extra:
                return (f"changes its receiver {change.name} ({', '.join(sorted(extra))}) "
                        "but no example shows that change")
        for activation in self.activations:
            extra = activation.parts - shown
            if activation.phase == "send" and extra:
                return (f"changes its receiver ({', '.join(sorted(extra))}) but no example "
                        "shows that change")
        return ""

    def rights(self) -> list[str]:
        """The receiver slots an installed method may go on changing."""
        return sorted(self.shown())


class Rights(Confinement):
    """A method installed by `auto` while it runs: it may change its receiver's slots
    `allowed` (what its trial showed) and what it creates, nothing else."""

    def __init__(self, rt: Runtime, method: Method, holder: str, receiver: object) -> None:
        self.rt = rt
        self.method = method
        self.holder = holder
        self.receiver = receiver
        self.allowed = set(getattr(method, "rights", None) or ())
        self.seen: list[object] = []  # changes registered before a nested savepoint

    def who(self) -> str:
        where = f" in {self.holder}" if self.holder else ""
        return f"the synthesized method #{self.method.selector}{where}"

    def advice(self) -> str:
        shown = (f"only {', '.join(sorted(self.allowed))} of its receiver" if self.allowed
                 else "nothing that existed before it ran")
        return (f"; its trial showed it changing {shown} (a person can give it full rights "
                f"with (reflect: {self.holder or 'its holder'}) approve: "
                f"'{self.method.selector}')")

    def refuse(self, what: str) -> None:
        self.rt.signal("error", f"{self.who()} may not {what}{self.advice()}")

    def keep_registered(self) -> None:
        self.seen.extend(registered(self.rt))

    def forbidden(self) -> Change | None:
        for change in changes(self.rt, self.seen + registered(self.rt)):
            if change.obj is self.receiver and change.parts and \
                    set(change.parts) <= self.allowed:
                continue
            return change
        return None


def confined(rt: Runtime, function: Callable, method: Method, holder: str) -> Callable:
    """`function` (a method installed by `auto`) run under its `Rights`."""

    def run(receiver: object, *arguments: object) -> object:
        outer = rt.confinement
        connection = rt.connection
        start: object = None  # nothing registered: whatever registers now is this run's
        if getattr(connection, "_registered_objects", None):
            if outer is not None:  # a trial or another such method watches, too
                outer.keep_registered()
            start = savepoint(rt)  # older changes are kept there; new ones register again
        elif getattr(connection, "_needs_to_join", False):
            start = _OUTSIDE_TRANSACTION  # it joins only if this run changes something
        rights = Rights(rt, method, holder, receiver)
        try:
            with rt.acting(confinement=rights):
                result = function(receiver, *arguments)
        except BaseException:
            _undo_forbidden(rt, rights, start)
            raise
        _undo_forbidden(rt, rights, start)
        return result
    return run


_OUTSIDE_TRANSACTION = object()  # a run that began before the connection joined the transaction


def _undo_forbidden(rt: Runtime, rights: Rights, start: object | None) -> None:
    """Undo the run and raise when it changed what its rights do not cover."""
    change = rights.forbidden()
    if change is None:
        return
    connection = rt.connection
    if start is _OUTSIDE_TRANSACTION:  # as a savepoint does for a connection that joined
        current = connection.transaction_manager.get()  # type: ignore[attr-defined]
        connection.abort(current)  # type: ignore[attr-defined]  # after it: all is this run's
        current._unjoin(connection)
    elif start is not None:
        start.rollback()  # type: ignore[attr-defined]
    else:  # every registered object was changed by this run: it comes back from storage
        for obj in registered(rt):
            connection._cache.invalidate(obj._p_oid)  # type: ignore[attr-defined]
        connection._registered_objects = []  # type: ignore[attr-defined]
    rt.changed()
    raise rt.error("error", f"{rights.who()} may not change {change.describe()}"
                            f"{rights.advice()}") from None


def guard_outside(rt: Runtime, what: str, function: Callable) -> Callable:
    """A primitive that reaches outside the image: refused under a confinement."""

    def guarded(*arguments: object) -> object:
        confinement = rt.confinement
        if confinement is not None:
            confinement.refuse(what)
        return function(*arguments)
    return guarded
