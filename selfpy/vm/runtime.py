"""The interpreter of one connection to an image.

It resolves sends to target functions (through `selfpy.lookup`), compiles
methods on first use, keeps the epoch that invalidates every inline cache,
and keeps the inlining guards honest: a guard is true only while lookup
still finds the kernel's own method for every selector it covers.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from functools import partial
from itertools import repeat
from operator import attrgetter
from typing import Any

from ..compile import codegen as c
from ..compile import names
from ..compile.backtrace import CodeInfo
from ..compile.names import INLINED_SELECTORS, python_name
from ..compile.sites import CALL, OBJECT_TYPES, SLOT, cache_key, make_site
from ..errors import NonLocalReturn, NotUnderstoodError, SelfpyError
from ..objects import history
from ..objects.lookup import find, find_above, find_holder
from ..objects.prototypes import Block, List, Method, SelfObject, Vector, make_map, read_slot
from ..objects.slot import ASSIGNABLE, CONSTANT, METHOD, Slot, value_attribute
from ..syntax.parser import parse_method, parse_program
from . import effects, stack, translation

_UNCHANGED: Any = object()  # `Runtime.configure`: an argument not given

PrimitiveSet = Callable[["Runtime"], dict[str, Callable]]


class Home:
    """One activation of a method that has blocks with `^` in them."""

    __slots__ = ("alive",)

    def __init__(self) -> None:
        self.alive = True


class Runtime:
    """Interpreter state for one ZODB connection (one per thread)."""

    def __init__(self, state: dict, output: Callable[[str], None] | None = None,
                 primitives: Iterable[PrimitiveSet] = (), *, connection: object = None) -> None:
        """`primitives`: the sets of primitives this runtime offers, each a function that
        answers {selector: function} bound to the runtime (see `selfpy.vm.primitives`).
        `connection`: the ZODB connection whose objects this runtime runs.

        What the program using the image decides later is set with `configure`;
        what holds only while some code runs, with `acting`."""
        self.state = state  # the image's 'selfpy' mapping
        self.epoch = [0]
        self.loading_kernel = False
        self.arguments: list[str] = []
        self.origin = "embedding"  # who is changing the image: a file, 'REPL', ...
        self.write = output or _write_stdout
        self._targets: dict[tuple[object, str], tuple[Callable, bool]] = {}
        # every send site made, weakly: plain references without callbacks, so that
        # no Python code runs when a site dies (a budget's profile hook would see it)
        self._live_sites: list[weakref.ref] = []
        self._prune_at = 1024
        self._own_getters: dict[str, Callable] = {}  # one getter per slot attribute
        self._names: dict[int, str] | None = None
        self.namespace: dict = {}
        self.connection = connection
        # synthesis, set by the program using the image (never persistent)
        self.synthesis_policy = "never"  # 'never', 'ask' or 'auto'
        self.asker: Callable | None = None  # asks the user about a candidate (policy 'ask')
        self.model_backend: object = None  # a backend that replaces the image's settings
        self.synthesizing = False
        self.confinement: effects.Confinement | None = None  # what running code may do
        self.guards: dict[int, tuple[SelfObject, Callable]] = {}  # see `guard`
        self.synthesis_log: list[dict] = []  # one entry per synthesis, for people and benchmarks
        self.notify: Callable[[str], None] = _write_stderr
        self.primitives: dict[str, Callable] = {}
        for install in primitives:
            self.primitives.update(install(self))
        self.builtin_primitives = frozenset(self.primitives)
        for selector, origin in dict(state.get("python primitives", {})).items():
            self.primitives.setdefault(selector, self._missing_primitive(selector, origin))
        self.primitive_names = {sel: python_name(sel) for sel in self.primitives}
        self.refresh()

    def add_primitive(self, selector: str, primitive: object) -> None:
        """Install a primitive given by the embedding program (see `World.define_primitive`)."""
        function = effects.guard_outside(self, f"call the program's primitive {selector}",
                                         primitive.bind(self))  # type: ignore[attr-defined]
        self.primitives[selector] = function
        name = python_name(selector)
        self.primitive_names[selector] = name
        self.namespace[name] = function

    def _missing_primitive(self, selector: str, origin: str) -> Callable:
        def missing(*_: object) -> object:
            self.signal("error", f"primitive {selector} is not defined: the program that "
                                 f"embedded this image defined it ({origin}); it must call "
                                 f"world.define_primitive({selector!r}, ...) after opening the "
                                 "image")
        return missing

    # ---- well-known objects ----------------------------------------------------
    def refresh(self) -> None:
        """Re-read the well-known objects (after genesis or an abort) and reset caches."""
        s = self.state
        self.lobby = s["lobby"]
        self.true, self.false, self.nil = s["true"], s["false"], s["nil"]
        self.natives = {int: s["traits"]["integer"], float: s["traits"]["float"],
                        str: s["traits"]["string"], Block: s["traits"]["block"]}
        ns = self.namespace
        ns.update({
            names.TRUE: self.true, names.FALSE: self.false, names.NIL: self.nil,
            names.HOME: Home, names.NLR: NonLocalReturn, names.NONLOCAL: self.nonlocal_return,
            names.BLOCK: Block, names.NOTBOOLEAN: self.not_boolean,
            names.MKVEC: self.make_vector, names.MKOBJ: self.make_object,
            names.INDEXED: (Vector, List), names.NUM: frozenset({int, float}),
            names.OBJ: SelfObject,
        })
        ns.update(dict.fromkeys(INLINED_SELECTORS, False))
        ns.update({self.primitive_names[sel]: fn for sel, fn in self.primitives.items()})
        self.changed()

    def prototype(self, name: str) -> SelfObject:
        return self.state["prototypes"][name]

    def well_known(self, name: str) -> object:
        """The object the lobby names `name` ('traits', 'pLLM', 'error', 'testCase', ...),
        None when the lobby has no such slot."""
        slot = self.lobby._map.slots.get(name)
        return None if slot is None else self.lobby.slot_value(slot)

    def as_object(self, value: object) -> SelfObject:
        """The object lookup starts at: the value itself, or the traits of a Python value."""
        if type(value) in OBJECT_TYPES:
            return value  # type: ignore[return-value]
        traits = self.natives.get(type(value))
        if traits is None:
            raise SelfpyError(f"a Python {type(value).__name__} has no selfpy behaviour")
        return traits

    # ---- epoch and guards ---------------------------------------------------------
    def changed(self) -> None:
        """Slots, methods or parents changed somewhere: drop every cache, recheck guards."""
        self.epoch[0] += 1
        self._targets.clear()
        live = []
        for ref in self._live_sites:
            site = ref()
            if site is not None:
                site.reset()
                live.append(ref)
        self._live_sites = live
        self._names = None
        for guard, selectors in INLINED_SELECTORS.items():
            self.namespace[guard] = self._kernel_guard(guard, selectors)
        self.namespace[names.VMAPS] = frozenset(
            {self.prototype("vector")._map, self.prototype("list")._map})

    def _kernel_guard(self, guard: str, selectors: tuple[str, ...]) -> bool:
        receivers = {names.G_BOOL: (self.true, self.false),
                     names.G_BLOCK: (self.natives[Block],),
                     names.G_INT: (self.natives[int], self.natives[float]),
                     names.G_BITS: (self.natives[int],),
                     names.G_VEC: (self.prototype("vector"), self.prototype("list")),
                     names.G_STR: (self.natives[str],),
                     names.G_VALUE: (self.natives[Block],)}[guard]
        try:
            for receiver in receivers:
                for selector in selectors:
                    found = find(receiver, selector, self.as_object)
                    if found is None or found[1].kind != METHOD or not found[1].value.kernel:
                        return False
        except SelfpyError:
            return False
        return True

    # ---- sends ------------------------------------------------------------------
    def send(self, receiver: object, selector: str, *arguments: object) -> object:
        """Send a message from Python (primitives, embedding, tests)."""
        target, _ = self.resolve(receiver, selector)
        return target(receiver, *arguments)

    def resolve(self, receiver: object, selector: str) -> tuple[Callable, bool]:
        """(target function, whether it may be cached for the receiver's map or type)."""
        key = (cache_key(receiver), selector)
        hit = self._targets.get(key)
        if hit is not None:
            return hit
        start = self.as_object(receiver)
        found = find(start, selector, self.as_object)
        if found is None:
            result = self._not_understood(selector), True
        else:
            holder, slot = found
            cacheable = holder is receiver or type(receiver) not in OBJECT_TYPES or \
                not receiver._map.assignable_parents
            result = self.target(holder, slot, selector, holder is receiver), cacheable
        if result[1]:
            self._targets[key] = result
        return result

    def target(self, holder: SelfObject, slot: Slot, selector: str, own: bool) -> Callable:
        """The function a send of `selector` runs when lookup finds `slot` in `holder`."""
        if slot.kind == METHOD:
            return self.function_of(slot.value, holder)
        if slot.kind == CONSTANT:
            return constant_function(slot.value)
        attribute = value_attribute(slot.name)
        if selector == slot.name:
            if own:
                getter = self._own_getters.get(attribute)
                if getter is None:
                    getter = self._own_getters[attribute] = attrgetter(attribute)
                return getter
            # read_slot(holder, attribute, receiver): the receiver is not used
            return partial(read_slot, holder, attribute)
        if slot.parent:
            def parent_setter(receiver: object, value: object) -> object:
                target = receiver if own else holder
                before = history.slot_state(target, slot.name)
                setattr(target, attribute, value)
                history.record(self, target, slot.name, before,
                               history.slot_state(target, slot.name), "parent")
                self.changed()
                return receiver
            return parent_setter

        guarded = self._guarded(holder)
        if guarded is not None:
            watched, check = guarded

            def guarded_setter(receiver: object, value: object) -> object:
                target = receiver if own else holder
                if target is watched:
                    check(target, slot.name, value)
                setattr(target, attribute, value)
                return receiver
            return guarded_setter

        def setter(receiver: object, value: object) -> object:
            setattr(receiver if own else holder, attribute, value)
            return receiver
        if own:
            setter.own_attribute = attribute  # type: ignore[attr-defined] # sites set it directly
        return setter

    def _remember(self, site: Callable) -> None:
        """Keep a weak reference to a new send site, so `changed` can reset it."""
        self._live_sites.append(weakref.ref(site))
        if len(self._live_sites) > self._prune_at:
            self._live_sites = [ref for ref in self._live_sites if ref() is not None]
            self._prune_at = 2 * len(self._live_sites) + 1024

    def slot_access(self, target: Callable, selector: str) -> object:
        """SLOT when `target` reads (`x`) or writes (`x:`) the receiver's own slot
        named so, `(value,)` when it answers a constant, else CALL: compiled code
        calls the target itself (see make_site)."""
        if selector.endswith(":"):
            own = getattr(target, "own_attribute", None) == value_attribute(selector[:-1])
            return SLOT if own else CALL
        if target is self._own_getters.get(value_attribute(selector)):
            return SLOT
        if hasattr(target, "constant_value"):
            return (target.constant_value,)  # type: ignore[attr-defined]
        return CALL


    def guard(self, obj: SelfObject, check: Callable[[SelfObject, str, object], None]) -> None:
        """Have `check(obj, slot name, new value)` run before any slot of `obj` changes
        (setters, `addSlots:`, `removeSlot:`); it raises to refuse the change."""
        self.guards[id(obj)] = (obj, check)
        self.changed()

    def _guarded(self, holder: SelfObject) -> tuple[SelfObject, Callable] | None:
        for watched, check in self.guards.values():
            if watched._map is holder._map:
                return watched, check
        return None

    def check_guard(self, obj: object, name: str, value: object) -> None:
        """Run the guard of `obj`, if it has one (before a slot of it changes)."""
        guarded = self.guards.get(id(obj))
        if guarded is not None and guarded[0] is obj:
            guarded[1](obj, name, value)

    def resend_site(self, method: Method, selector: str, nargs: int) -> Callable:
        """A site for `resend.selector` inside `method`: lookup starts above the holder."""
        cache: dict = {}
        seen = [-1]

        def site(receiver: object, *arguments: object) -> object:
            if seen[0] != self.epoch[0]:
                cache.clear()
                seen[0] = self.epoch[0]
            key = cache_key(receiver)
            target = cache.get(key)
            if target is None:
                start = self.as_object(receiver)
                holder = find_holder(start, method, self.as_object)
                found = find_above(holder, selector, self.as_object) if holder else None
                if found is None:
                    target = self._not_understood(selector)
                else:
                    target = self.target(found[0], found[1], selector, found[0] is receiver)
                cache[key] = target
            return target(receiver, *arguments)
        return site

    def _not_understood(self, selector: str) -> Callable:
        def not_understood(receiver: object, *arguments: object) -> object:
            return self.does_not_understand(receiver, selector, list(arguments))
        return not_understood

    def does_not_understand(self, receiver: object, selector: str, arguments: list) -> object:
        """Reify the message and send `doesNotUnderstand:` to the receiver."""
        message = self.prototype("message").clone()
        setattr(message, value_attribute("selector"), selector)
        setattr(message, value_attribute("arguments"), self.make_vector(arguments))
        setattr(message, value_attribute("receiver"), receiver)
        found = find(self.as_object(receiver), "doesNotUnderstand:", self.as_object)
        if found is None:
            raise NotUnderstoodError(f"{self.describe(receiver)} does not understand "
                                     f"#{selector} (and has no doesNotUnderstand:)")
        target = self.target(found[0], found[1], "doesNotUnderstand:", found[0] is receiver)
        return target(receiver, message)

    # ---- compiling --------------------------------------------------------------
    def function_of(self, method: Method, holder: SelfObject | None = None) -> Callable:
        """The compiled function of a method, compiled now if this connection has not yet."""
        function = getattr(method, "_v_function", None)
        if function is None:
            function = self._compile_method(method, holder)
            if method.rights is not None:  # installed by `auto`: it keeps to what it showed
                function = effects.confined(self, function, method, self.name_of(holder)
                                            if holder is not None else "")
            method._v_function = function
        return function

    def _compile_method(self, method: Method, holder: SelfObject | None) -> Callable:
        args, body = parse_method(method.source, method.selector, method.arguments,
                                  method.filename, method.line, method.column)
        forward = self._forwarding_primitive(args, body)
        if forward is not None:
            return forward
        lines = method.source.splitlines()
        pad = [""] * (method.line - 1)
        if lines:
            lines[0] = " " * (method.column - 1) + lines[0]
        compiler = c.Compiler(self.primitive_names, method.filename, pad + lines, method.selector)
        source, line_map = compiler.method(args, body, has_method=True)
        label = self.name_of(holder) if holder is not None else ""
        return c.build(source, line_map, self.namespace, compiler.constants,
                       self._sites(compiler, method),
                       CodeInfo(method.selector, label, method.filename, method.kernel))

    def _forwarding_primitive(self, args: list[str], body: object) -> Callable | None:
        """A method whose whole body is `_Prim: a b` on self runs the primitive directly.

        Only built-in primitives: those of the embedding program can come and go.
        """
        from ..syntax import nodes as n

        statements = body.statements  # type: ignore[attr-defined]
        if len(statements) != 1 or body.temporaries:  # type: ignore[attr-defined]
            return None
        send = statements[0].value if isinstance(statements[0], n.Return) else statements[0]
        if not args and isinstance(send, n.Literal) and type(send.value) in (int, float, str):
            return constant_function(send.value)
        if not args and isinstance(send, n.Variable) and send.name in ("true", "false", "nil"):
            return constant_function(getattr(self, send.name))
        if isinstance(send, n.Variable) and not args:
            return self.primitives.get(send.name) if send.name in self.builtin_primitives else None
        if not (isinstance(send, n.Send) and send.selector in self.builtin_primitives
                and isinstance(send.receiver, n.Variable) and send.receiver.name == "self"
                and [getattr(a, "name", None) for a in send.arguments] == args
                and all(isinstance(a, n.Variable) for a in send.arguments)):
            return None
        return self.primitives[send.selector]

    def _sites(self, compiler: c.Compiler, method: Method | None) -> list[Callable]:
        sites = []
        for selector, nargs, kind in compiler.sites:
            if kind == "resend":
                sites.append(self.resend_site(method, selector, nargs))
            elif kind in ("slot", "call"):
                site = make_site(selector, nargs, self.resolve, self.slot_access)
                self._remember(site)
                sites.append(site)
            else:
                site = make_site(selector, nargs, self.resolve)
                self._remember(site)
                sites.append(site)
        return sites

    def compile_doit(self, source: str, filename: str | None = None,
                     workspace: dict | None = None) -> Callable[[object], Iterator]:
        """Top-level code as a generator function over its statements' values.

        `workspace` holds variables that live between inputs (the REPL's): an
        assignment to an undeclared name makes one.
        """
        body = parse_program(source, filename)
        compiler = c.Compiler(self.primitive_names, filename, source.splitlines(), "doIt")
        compiler.workspace = workspace
        python, line_map = compiler.doit(body)
        return c.build(python, line_map, self.namespace, compiler.constants,
                       self._sites(compiler, None),
                       CodeInfo("doIt", "", filename, self.loading_kernel))

    # ---- helpers for compiled code and primitives ------------------------------------
    def nonlocal_return(self, home: Home, value: object) -> None:
        if not home.alive:
            self.signal("error", "non-local return ('^') from a block whose method has "
                                 "already returned")
        raise NonLocalReturn(home, value)

    def not_boolean(self, value: object, selector: str) -> None:
        self.signal("error", f"{selector} expects its condition block to answer true or "
                             f"false, not {self.describe(value)}")

    def boolean(self, flag: object) -> SelfObject:
        return self.true if flag else self.false

    def make_vector(self, items: list) -> Vector:
        proto = self.prototype("vector")
        return Vector(proto._map, items)

    def change_object(self, change: object) -> SelfObject:
        """A history change as a selfpy object (a clone of `change`)."""
        obj = self.well_known("change").clone()
        fields = {"number": change.number, "when": change.time, "slotName": change.name,
                  "kind": change.kind, "origin": change.origin, "holder": change.holder,
                  "before": history.describe(self, change.before, change.before_value),
                  "after": history.describe(self, change.after, change.after_value)}
        for name, value in fields.items():
            setattr(obj, value_attribute(name), value)
        return obj

    def make_object(self, spec: list, values: list) -> SelfObject:
        """Evaluate an object literal: slots from `spec`, initial values from `values`."""
        slots = []
        assign = []
        it = iter(values)
        for name, kind, parent, method_info in spec:
            if kind == METHOD:
                args, source, filename, line, column = method_info
                method = Method(name, args, source, filename, line, column,
                                kernel=self.loading_kernel)
                slots.append(Slot(name, METHOD, False, method))
            elif kind == CONSTANT:
                slots.append(Slot(name, CONSTANT, parent, next(it)))
            else:
                slots.append(Slot(name, ASSIGNABLE, parent))
                assign.append((value_attribute(name), next(it)))
        obj = SelfObject(make_map(slots))
        for attribute, value in assign:
            setattr(obj, attribute, value)
        return obj

    def signal(self, prototype: str, text: str) -> None:
        """Raise a selfpy error: a clone of the lobby's `prototype` with `text` as messageText."""
        raise self.error(prototype, text)

    def error(self, prototype: str, text: str) -> SelfpyError:
        """A selfpy error (not raised yet) whose error object is a clone of `prototype`."""
        return self.attach_error(SelfpyError(text), prototype)

    def attach_error(self, exc: SelfpyError, prototype: str) -> SelfpyError:
        """Give `exc` its selfpy error object, so `on:do:` handlers can receive it."""
        proto = self.well_known(prototype)
        if isinstance(proto, SelfObject):
            obj = proto.clone()
            setattr(obj, value_attribute("messageText"), exc.message)
            obj._v_exception = exc
            exc.error = obj
        return exc

    def as_error(self, exc: BaseException) -> SelfpyError:
        """Any exception raised while running selfpy code, as a selfpy error."""
        return translation.as_error(self, exc)

    def configure(self, *, policy: str | None = None, asker: object = _UNCHANGED,
                  notify: Callable[[str], None] | None = None,
                  model_backend: object = _UNCHANGED,
                  arguments: list[str] | None = None) -> Runtime:
        """Set what the program using the image decides (never persistent): the synthesis
        `policy` ('never', 'ask', 'auto'), the `asker` that asks the user about a
        candidate, where synthesis notices go (`notify`), a `model_backend` that
        replaces the image's model settings, a script's command-line `arguments`.
        What is not given stays as it is."""
        if policy is not None:
            self.synthesis_policy = policy
        if asker is not _UNCHANGED:
            self.asker = asker  # type: ignore[assignment]
        if notify is not None:
            self.notify = notify
        if model_backend is not _UNCHANGED:
            self.model_backend = model_backend
        if arguments is not None:
            self.arguments = list(arguments)
        return self

    def acting(self, *, origin: str | None = None, write: Callable[[str], None] | None = None,
               kernel: bool | None = None, synthesizing: bool | None = None,
               confinement: object = None) -> AbstractContextManager[Runtime]:
        """For the duration of a `with`: who changes the image (`origin`, recorded in its
        history), where printed output goes (`write`), whether code loaded is kernel
        code, whether a synthesis is under way (a send nobody understands then starts
        none), and what running code may do (`confinement`, see `vm.effects`)."""
        changes = {name: value for name, value in (
            ("origin", origin), ("write", write), ("loading_kernel", kernel),
            ("synthesizing", synthesizing), ("confinement", confinement)) if value is not None}
        return _Acting(self, changes)

    def statements(self, source: str, filename: str | None,
                   workspace: dict | None = None) -> Iterator[object]:
        """Run top-level code, yielding after each statement (so callers can commit).

        Every failure comes out as the selfpy error to show (`translation.translate`).
        """
        try:
            generator = self.compile_doit(source, filename, workspace)(self.lobby)
        except SelfpyError:
            raise
        except BaseException as raised:  # noqa: BLE001 - a host failure while compiling
            raise translation.translate(self, raised) from None
        while True:
            try:
                value = stack.run(next, generator)  # room for deep, hot sends
            except StopIteration as stop:
                if stop.value is not None:
                    yield stop.value
                return
            except BaseException as raised:  # noqa: BLE001 - every failure becomes a selfpy error
                raise translation.translate(self, raised) from None
            yield value

    # ---- naming and printing ---------------------------------------------------------
    def name_of(self, obj: object) -> str:
        """A name for a well-known object ('lobby', 'traits integer', 'vector'), else ''.

        A clone of a named object (same map) is 'a point', 'an error'.
        """
        if self._names is None:
            names: dict[int, str] = {id(self.lobby): "lobby"}
            kinds: dict[int, str] = {}
            traits = self.well_known("traits")
            if isinstance(traits, SelfObject):
                for name, slot in traits._map.slots.items():
                    if slot.kind == CONSTANT and not slot.parent:
                        names.setdefault(id(slot.value), f"traits {name}")
            for name, slot in self.lobby._map.slots.items():
                if not slot.parent and slot.kind != METHOD:
                    value = self.lobby.slot_value(slot)
                    names.setdefault(id(value), name)
                    if isinstance(value, SelfObject):
                        article = "an" if name[:1] in "aeiou" else "a"
                        try:
                            kinds.setdefault(id(value._map), f"{article} {name}")
                        except Exception:  # noqa: BLE001, S112 - damaged: a name, no kind
                            continue
            self._names = names
            self._kinds = kinds
        name = self._names.get(id(obj), "")
        if not name and isinstance(obj, SelfObject):
            name = self._kinds.get(id(obj._map), "")
        return name

    def describe(self, value: object) -> str:
        """A short printString for messages, that never fails."""
        for describer in (lambda: self.send(value, "printString"),
                          lambda: self.primitives["_Describe"](value)):
            try:
                text = describer()
            except Exception:  # noqa: BLE001, S112 - describing must never fail; try the next way
                continue
            if isinstance(text, str):
                return text if len(text) <= 60 else text[:57] + "..."
        return f"a {type(value).__name__}"


class _Acting:
    """The context of `Runtime.acting`: sets attributes, puts the old values back after."""

    __slots__ = ("changes", "rt", "saved")

    def __init__(self, rt: Runtime, changes: dict[str, object]) -> None:
        self.rt = rt
        self.changes = changes
        self.saved: dict[str, object] = {}

    def __enter__(self) -> Runtime:
        attributes = vars(self.rt)
        self.saved = {name: attributes[name] for name in self.changes}
        attributes.update(self.changes)
        return self.rt

    def __exit__(self, *exc: object) -> None:
        # one call into C: a time limit's alarm cannot land between two of the attributes
        vars(self.rt).update(self.saved)


def _write_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _write_stderr(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def constant_function(value: object) -> Callable:
    """A function of the receiver answering `value`, with no Python frame.

    `next(iterator, receiver)` answers the iterator's next item; the receiver
    is only the unused default.
    """
    function = partial(next, repeat(value))
    function.constant_value = value  # type: ignore[attr-defined] # sites answer it in place
    return function
