"""The crucible: what a candidate method must survive before anyone sees it.

Each stage is a function answering a `Verdict` (passed?, stage name, reason),
so the stages can be run one by one, reordered or wrapped: it parses and
takes as many arguments as the selector (`check_arity`, `check_parse`); it
does not send the missing selector to itself (`check_recursion`); it sends
none of the messages that reach the model object, the globals, mirrors,
reflective sends or slot changes, whatever the receiver (`check_sends`, a
fast first filter); then a trial run (`run_trial`), inside a savepoint that is
always rolled back, of the pending send and of every example, under a step
budget, a time limit and the synthesis's deadline, with its effects observed
(`selfpy.vm.effects`): it may change only its receiver, and only as an example
shows, and reach nothing outside the image. Output written during the trial
is kept from the user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from persistent import Persistent

from ..errors import NonLocalReturn, ParseError
from ..objects import layout
from ..objects.prototypes import Method
from ..objects.slot import METHOD, Slot
from ..syntax import nodes as n
from ..syntax.parser import parse_method
from ..syntax.selector import arity, is_primitive
from ..vm import effects
from ..vm.budget import BudgetExceeded, limited, shielded
from ..vm.deadline import Deadline
from ..vm.translation import TRIAL_FAILURES
from .candidate import Candidate, Request

if TYPE_CHECKING:
    from ..vm.runtime import Runtime
    from .model import Settings

# Primitives that reach outside the image or rewrite it: a candidate may not use them.
OUTSIDE_PRIMITIVES = frozenset({
    "_Print:", "_AddSlots:", "_RemoveSlot:", "_RevertChange:", "_Arguments",
    "_HistoryOf:Named:", "_Perform:WithArguments:", "_Synthesize:", "_NotUnderstood:",
    "_Approve:Named:",
})
# Messages a candidate may not send, to any receiver (a bare name is a send to self):
# slot changes, reflective and re-sent messages, mirrors, and the globals that reach the
# model object, the image or the program.
FORBIDDEN_SELECTORS = frozenset({
    "addSlots:", "removeSlot:", "revert", "perform:", "perform:with:", "perform:with:with:",
    "perform:with:with:with:", "perform:withArguments:", "expects:examples:", "resend",
    "reflect:", "mirror", "approve:", "doesNotUnderstand:", "synthesizes:",
    "expect:examples:at:", "globals", "pLLM", "genesis", "system", "lobby",
})
# Kept for callers that named the globals apart.
FORBIDDEN_GLOBALS = frozenset({"pLLM", "genesis", "system", "lobby", "globals"})


@dataclass(frozen=True)
class Verdict:
    """What one stage said about a candidate."""

    passed: bool
    stage: str  # 'parse', 'arity', 'recursion', 'primitives', 'trial', 'example ...', 'effects'
    reason: str = ""


Check = Callable[["Runtime", Candidate, Request], Verdict]


def evaluate(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
             holder: object = None, deadline: Deadline | None = None,
             person: bool = False) -> TrialOutcome:
    """Every stage's verdict on `candidate`, up to the first that fails, without changing
    the candidate or the image: the static checks, then `run_trial`. A source that tries
    many bodies (the finder) calls this, or `run_trial` when its bodies are well-formed
    by construction."""
    verdicts = []
    for check in STATIC_CHECKS:
        verdicts.append(check(rt, candidate, request))
        if not verdicts[-1].passed:
            return TrialOutcome(verdicts=verdicts)
    outcome = run_trial(rt, candidate, request, limits,
                        holder if holder is not None else request.holder, deadline, person)
    outcome.verdicts[:0] = verdicts
    return outcome


def check_arity(rt: Runtime, candidate: Candidate, request: Request) -> Verdict:
    """The method names as many distinct arguments as the selector takes."""
    selector = request.selector
    if len(candidate.arguments) != arity(selector) or \
            len(set(candidate.arguments)) != len(candidate.arguments):
        return Verdict(False, "arity", f"#{selector} takes {arity(selector)} arguments, "
                                       f"the method names {len(candidate.arguments)}")
    return Verdict(True, "arity")


def parsed(candidate: Candidate) -> tuple[list[str], n.Body]:
    """The candidate's arguments and body, parsed (raises ParseError); every stage asks,
    so the last few are remembered."""
    return _parse(candidate.body, candidate.selector, tuple(candidate.arguments))


@lru_cache(maxsize=64)
def _parse(body: str, selector: str, arguments: tuple[str, ...]) -> tuple[list[str], n.Body]:
    return parse_method(body, selector, list(arguments), "<candidate>")


def check_parse(rt: Runtime, candidate: Candidate, request: Request) -> Verdict:
    """The body is selfpy method syntax."""
    try:
        parsed(candidate)
    except ParseError as error:
        return Verdict(False, "parse", f"{error.line}:{error.column}: {error.message}")
    return Verdict(True, "parse")


def check_recursion(rt: Runtime, candidate: Candidate, request: Request) -> Verdict:
    """It does not answer the message by sending the same message to itself."""
    arguments, body = parsed(candidate)
    if any(s == request.selector and to_self for s, to_self in sends(body, set(arguments))):
        return Verdict(False, "recursion", f"sends #{request.selector} to itself, the "
                                           "message it should answer")
    return Verdict(True, "recursion")


def check_sends(rt: Runtime, candidate: Candidate, request: Request) -> Verdict:
    """It uses only allowed primitives and sends no forbidden message, to any receiver."""
    arguments, body = parsed(candidate)
    allowed = rt.builtin_primitives - OUTSIDE_PRIMITIVES
    for sent, _ in sends(body, set(arguments)):
        if is_primitive(sent) and sent not in allowed:
            return Verdict(False, "primitives", f"uses the primitive {sent}, which is not "
                                                "allowed in synthesized code")
        if sent in FORBIDDEN_SELECTORS:
            return Verdict(False, "primitives", f"sends #{sent}, which synthesized code "
                                                "may not use")
    return Verdict(True, "primitives")


# The stages before the trial, in order (parse comes before anything that reads the body).
STATIC_CHECKS: tuple[Check, ...] = (check_parse, check_arity, check_recursion, check_sends)


PSEUDO_VARIABLES = ("self", "true", "false", "nil")


def sends(node: n.Node, local: set[str]) -> list[tuple[str, bool]]:
    """(selector, sent to self?) for every send in `node`; `local` names are no sends."""
    found: list[tuple[str, bool]] = []
    cascades: dict[int, bool] = {}  # a cascade's message: is the cascade's receiver self?
    for inner, names in node.scoped(frozenset(local)):
        if isinstance(inner, n.Variable):
            if inner.name not in names and inner.name not in PSEUDO_VARIABLES:
                found.append((inner.name, True))
        elif isinstance(inner, n.Send):
            found.append((inner.selector, _is_self(inner.receiver)))
        elif isinstance(inner, n.Resend):
            found.append((inner.selector, True))
        elif isinstance(inner, n.Cascade):
            cascades.update((id(m), _is_self(inner.receiver)) for m in inner.messages)
        elif isinstance(inner, n.Message):
            found.append((inner.selector, cascades[id(inner)]))
    return found


def _is_self(node: n.Node) -> bool:
    return isinstance(node, n.Variable) and node.name == "self"


def ignored_input(candidate: Candidate, selector: str) -> str | None:
    """Why `auto` must not install the candidate: its body ignores the receiver and every
    argument (a constant), or ignores one of its arguments. None when it uses its inputs."""
    try:
        arguments, body = parse_method(candidate.body, selector, candidate.arguments,
                                       "<candidate>")
    except ParseError:
        return "does not parse"
    used: set[str] = set()
    # a new object's own code is not this method's use of its inputs
    for node, local in body.scoped(frozenset(arguments),
                                   enter=lambda x: not isinstance(x, n.ObjectLiteral)):
        if isinstance(node, n.Variable):
            if node.name == "self" or (node.name not in local
                                       and node.name not in PSEUDO_VARIABLES):
                used.add("self")
            elif node.name in arguments:
                used.add(node.name)
        elif isinstance(node, n.Resend):
            used.add("self")
    if arguments:
        ignored = [name for name in arguments if name not in used]
        if len(ignored) == len(arguments) and "self" not in used:
            return "answers a constant (it uses neither self nor its arguments)"
        if ignored:
            return f"ignores its argument {ignored[0]}"
        return None
    if "self" not in used:
        return "answers a constant (it does not use self)"
    return None


def method_of(candidate: Candidate, provenance: dict | None = None) -> Method:
    """The method a candidate becomes."""
    method = Method(candidate.selector, candidate.arguments, candidate.body, "<synthesized>", 1,
                    1)
    method.provenance = dict(provenance or {})
    return method


def put_method(rt: Runtime, request: Request, holder: object, method: Method) -> None:
    """Install `method` at `holder` (and in the receiver too when it is a clone of it)."""
    for target in request.targets(holder):
        layout.put_slots(rt, target, [(Slot(method.selector, METHOD, False, method), None)])


@dataclass
class TrialOutcome:
    """What a trial found: every stage's verdict, the pending send's answer, the effects."""

    verdicts: list[Verdict] = field(default_factory=list)
    result: str = ""  # printString of the pending send's answer
    shown: list[str] = field(default_factory=list)  # receiver slots examples showed changing
    written: list[str] = field(default_factory=list)  # output the trial tried to write

    @property
    def passed(self) -> bool:
        return bool(self.verdicts) and all(v.passed for v in self.verdicts)

    def fail(self, stage: str, reason: str, watch: effects.Trial | None = None) -> TrialOutcome:
        """Record a failure; an effect not allowed is named first, as it may be the cause
        (a slot removed by the pending send is missing in the example that follows)."""
        wrong = watch.verdict(finished=False) if watch else ""
        if wrong:
            stage, reason = "effects", wrong
        self.verdicts.append(Verdict(False, stage, reason))
        return self


def run_trial(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
              holder: object, deadline: Deadline | None = None,
              person: bool = False) -> TrialOutcome:
    """Install the candidate at `holder`, run the pending send and the examples under the
    budget and `deadline`, judge what they changed, and roll everything back.

    The finder runs many bodies through this: it compiles the candidate outside the
    budget, answers every stage's verdict and never changes the image."""
    outcome = TrialOutcome()
    manager = rt.connection.transaction_manager  # type: ignore[attr-defined]
    for value in (request.receiver, *request.arguments):
        if isinstance(value, Persistent) and value._p_jar is None:
            # made in the running statement: known to the database from here on, so the
            # savepoint rolls it back too (a pack drops it if it never becomes reachable)
            rt.connection.add(value)  # type: ignore[attr-defined]
    start = manager.savepoint()
    watch = effects.Trial(rt)
    stage = "trial"
    try:
        with rt.acting(write=outcome.written.append):
            method = method_of(candidate)
            put_method(rt, request, holder, method)
            watched = watch.watch(rt.function_of(method, holder))  # compiled outside the budget
            method._v_function = watched
            examples = [(text, _example(rt, request, text)) for text in request.examples]
            installed = manager.savepoint()  # from here on ZODB registers every older object
                                             # changed; each run starts from here

            def rolled_back() -> None:
                if not effects.registered(rt):
                    return  # nothing older was changed: the next run starts from the same image
                with shielded():
                    watch.collect()
                    installed.rollback()
                    method._v_function = watched
                    rt.changed()

            with rt.acting(confinement=watch):
                with limited(limits.steps, limits.seconds, deadline):
                    value = rt.send(request.receiver, request.selector, *request.arguments)
                    outcome.result = rt.describe(value)
                rolled_back()
                outcome.verdicts.append(Verdict(True, "trial", f"answered {outcome.result}"))
                watch.phase = "example"
                for text, example in examples:
                    stage = f"example {text}"
                    with limited(limits.steps, limits.seconds, deadline):
                        answer = rt.nil
                        for answer in example(rt.lobby):  # noqa: B007 - the last statement's value
                            pass
                        shown = rt.describe(answer)
                    rolled_back()
                    if answer is not rt.true:
                        return outcome.fail(stage, f"answered {shown}, not true", watch)
                    outcome.verdicts.append(Verdict(True, stage))
            reason = watch.verdict()
            outcome.shown = watch.rights()
            if person and reason and reason == watch.unshown():
                reason = reason.replace(" but no example shows that change", "; no example "
                                        "shows that change")
                outcome.verdicts.append(Verdict(True, "effects", reason))
                return outcome
            outcome.verdicts.append(Verdict(not reason, "effects", reason))
            return outcome
    except BudgetExceeded as exceeded:
        return outcome.fail(stage, exceeded.reason, watch)
    except NonLocalReturn:
        return outcome.fail(stage, "a '^' escaped from a block", watch)
    except ParseError as error:
        return outcome.fail(stage, f"{error.line}:{error.column}: {error.message}")
    except TRIAL_FAILURES as raised:
        return outcome.fail(stage, rt.as_error(raised).message, watch)
    finally:
        with shielded():
            start.rollback()
            rt.changed()


def _example(rt: Runtime, request: Request, text: str) -> Callable:
    """An example compiled once per request (the finder tries many bodies on it)."""
    key = (id(rt), text)
    compiled = request.compiled.get(key)
    if compiled is None:
        compiled = request.compiled[key] = rt.compile_doit(text, "<example>")
    return compiled
