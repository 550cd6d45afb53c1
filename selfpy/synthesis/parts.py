"""The parts of the synthesis pipeline the image lists: `pLLM sources` and `pLLM stages`.

A source answers `candidatesFor: aRequest` with method bodies; a stage answers
`judge: aCandidate for: aRequest` with a verdict. A built-in one (its method
is the kernel's, which calls `_BuiltinCandidatesFor:` or
`_BuiltinJudge:For:`) runs straight from Python through the tables the
synthesis module passes in, so a built-in source's candidates are still drawn
one at a time and the model is asked only when the earlier ones did not do.
A user's one gets its message sent with request and candidate objects, in a
savepoint that is always rolled back, under the trial's step and time limits:
if it fails or runs out it raises `Stopped`, and the synthesis goes on
without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import NonLocalReturn, ParseError, SelfpyError
from ..objects.lookup import find
from ..objects.prototypes import Method, SelfObject
from ..objects.slot import METHOD, value_attribute
from ..vm.budget import BudgetExceeded, limited, shielded
from .candidate import Candidate, Request

if TYPE_CHECKING:
    from ..vm.deadline import Deadline
    from ..vm.runtime import Runtime
    from .model import Settings

SOURCE_PRIMITIVE = "_BuiltinCandidatesFor:"
STAGE_PRIMITIVE = "_BuiltinJudge:For:"


class Stopped(Exception):
    """A user's source or stage failed or ran out of its budget."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Part:
    """One source or stage as the pipeline lists it."""

    obj: object
    name: str
    builtin: bool  # its protocol method is the kernel's primitive one


def listed(rt: Runtime, holder: object, listing: str, selector: str) -> list[Part]:
    """The objects in `holder listing` (`pLLM sources`, `pLLM stages`), in order."""
    value = rt.send(holder, listing)
    items = getattr(value, "items", None)
    if not isinstance(items, list):
        raise SelfpyError(f"pLLM {listing} is {rt.describe(value)}, not a list")
    primitive = SOURCE_PRIMITIVE if selector == "candidatesFor:" else STAGE_PRIMITIVE
    return [Part(obj, name_of(rt, obj), is_builtin(rt, obj, selector, primitive))
            for obj in items]


def name_of(rt: Runtime, obj: object) -> str:
    """A part's `name` (a string), else its printString."""
    try:
        if find(rt.as_object(obj), "name", rt.as_object) is not None:
            name = rt.send(obj, "name")
            if isinstance(name, str):
                return name
        return rt.describe(obj)
    except SelfpyError:
        return "an unnamed object"


def is_builtin(rt: Runtime, obj: object, selector: str, primitive: str) -> bool:
    found = find(rt.as_object(obj), selector, rt.as_object)
    if found is None or found[1].kind != METHOD:
        return False
    method = found[1].value
    return isinstance(method, Method) and method.kernel and \
        "".join(re.findall(r"_?[A-Za-z]\w*:", method.source)) == primitive


# ---- the objects a user's part sees ----------------------------------------------------
def request_object(rt: Runtime, holder: object, request: Request, policy: str) -> SelfObject:
    """A clone of `pLLM request` describing the send nobody understood."""
    obj = _filled(rt, rt.send(holder, "request"), {
        "selector": request.selector, "receiver": request.receiver,
        "arguments": rt.make_vector(list(request.arguments)),
        "examples": rt.make_vector(list(request.examples)), "policy": policy})
    obj._v_request = request  # for a built-in part a user's part hands it on to
    return obj


def candidate_object(rt: Runtime, holder: object, candidate: Candidate, place: object,
                     sends: list[str]) -> SelfObject:
    """A clone of `pLLM candidate`: its body, where it came from, what it sends."""
    obj = _filled(rt, rt.send(holder, "candidate"), {
        "selector": candidate.selector, "body": candidate.body,
        "arguments": rt.make_vector(list(candidate.arguments)), "source": candidate.origin,
        "why": candidate.why, "holder": place, "sends": rt.make_vector(sends)})
    obj._v_candidate = candidate
    return obj


def _filled(rt: Runtime, prototype: object, values: dict[str, object]) -> SelfObject:
    if not isinstance(prototype, SelfObject):
        raise SelfpyError(f"pLLM has {rt.describe(prototype)} where a prototype should be")
    obj = prototype.clone()
    for name, value in values.items():
        setattr(obj, value_attribute(name), value)
    return obj


def request_from(rt: Runtime, obj: object) -> tuple[Request, str]:
    """The request (and policy) a request object describes (for the primitives)."""
    policy = rt.send(obj, "policy")
    policy = policy if isinstance(policy, str) else ""
    made = getattr(obj, "_v_request", None)
    if isinstance(made, Request):
        return made, policy
    receiver = rt.send(obj, "receiver")
    arguments = list(getattr(rt.send(obj, "arguments"), "items", []))
    examples = [e for e in getattr(rt.send(obj, "examples"), "items", []) if isinstance(e, str)]
    holder = rt.as_object(receiver)
    return Request(receiver, str(rt.send(obj, "selector")), arguments, examples, [holder],
                   holder), policy


def candidate_from(rt: Runtime, obj: object) -> tuple[Candidate, object]:
    """The candidate (and its place) a candidate object describes (for the primitives)."""
    made = getattr(obj, "_v_candidate", None)
    if isinstance(made, Candidate) and made.body == rt.send(obj, "body"):
        return made, rt.send(obj, "holder")
    arguments = [a for a in getattr(rt.send(obj, "arguments"), "items", [])
                 if isinstance(a, str)]
    candidate = Candidate(str(rt.send(obj, "selector")), str(rt.send(obj, "body")),
                          str(rt.send(obj, "source")), str(rt.send(obj, "why")),
                          arguments=arguments)
    return candidate, rt.send(obj, "holder")


# ---- running a user's part ------------------------------------------------------------
def bodies_from(rt: Runtime, part: Part, request: SelfObject,
                limits: Settings, deadline: Deadline | None = None) -> list[tuple[str, str]]:
    """(body, why) for each candidate a user's source proposes."""

    def ask() -> list[tuple[str, str]]:
        answer = rt.send(part.obj, "candidatesFor:", request)
        items = getattr(answer, "items", None)
        if isinstance(answer, str):
            items = [answer]
        if not isinstance(items, list):
            raise Stopped(f"answered {rt.describe(answer)}, not a collection of method bodies")
        found = []
        for item in items:
            body = item if isinstance(item, str) else rt.send(item, "body")
            if not isinstance(body, str):
                raise Stopped(f"proposed {rt.describe(item)}, not a method body")
            found.append((body.strip(), f"proposed by source {part.name}"))
        return found

    return _contained(rt, limits, ask, deadline)


def verdict_from(rt: Runtime, part: Part, candidate: SelfObject, request: SelfObject,
                 limits: Settings, deadline: Deadline | None = None) -> tuple[bool, str]:
    """What a user's stage says of a candidate: (passed, reason)."""

    def judge() -> tuple[bool, str]:
        answer = rt.send(part.obj, "judge:for:", candidate, request)
        if answer is rt.true or answer is rt.false:
            return answer is rt.true, ""
        if isinstance(answer, SelfObject) and find(answer, "passed", rt.as_object) is not None:
            passed = rt.send(answer, "passed")
            reason = rt.send(answer, "reason") if find(answer, "reason", rt.as_object) else ""
            if passed is rt.true or passed is rt.false:
                return passed is rt.true, reason if isinstance(reason, str) else \
                    rt.describe(reason)
        raise Stopped(f"answered {rt.describe(answer)}, not a verdict (pass, refuse: 'why', "
                      "true or false)")

    return _contained(rt, limits, judge, deadline)


def _contained(rt: Runtime, limits: Settings, action: object,
               deadline: Deadline | None) -> object:
    """Run a user's code under the trial limits and the synthesis's deadline, in a
    savepoint that is rolled back, its output kept from the user."""
    manager = rt.connection.transaction_manager  # type: ignore[attr-defined]
    savepoint = manager.savepoint()
    try:
        with rt.acting(write=lambda text: None), limited(limits.steps, limits.seconds,
                                                         deadline):
            return action()  # type: ignore[operator]
    except BudgetExceeded as exceeded:
        raise Stopped(exceeded.reason) from None
    except NonLocalReturn:
        raise Stopped("a '^' escaped from a block") from None
    except ParseError as error:
        raise Stopped(f"{error.line}:{error.column}: {error.message}") from None
    except (SelfpyError, RecursionError, ZeroDivisionError, MemoryError, OverflowError,
            ArithmeticError, TypeError, ValueError, AttributeError, LookupError) as raised:
        raise Stopped(rt.as_error(raised).message) from None
    finally:
        with shielded():
            savepoint.rollback()
            rt.changed()
