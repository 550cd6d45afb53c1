"""The built-in crucible stages, one function each, by the name of their object in
`pLLM stages`.

Each takes the runtime, the candidate, the request, the trial limits, the
place the method would go and the policy, and answers (passed, reason). They
are thin: the checks themselves are the crucible's (`selfpy.synthesis.crucible`); a
stage that needs the method's syntax tree parses the body itself, so a user
may remove or reorder any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING

from ..errors import ParseError
from ..syntax import nodes as n
from ..syntax.parser import parse_method
from ..syntax.selector import arity, is_primitive
from . import crucible
from .candidate import Candidate, Request

if TYPE_CHECKING:
    from ..vm.runtime import Runtime
    from .model import Settings

Verdict = tuple[bool, str]
Stage = Callable[["Runtime", Candidate, Request, "Settings", object, str], Verdict]


def parsed(candidate: Candidate) -> n.Body | str:
    """The candidate's body as a syntax tree, or why it has none."""
    if len(candidate.arguments) != arity(candidate.selector) or \
            len(set(candidate.arguments)) != len(candidate.arguments):
        return (f"#{candidate.selector} takes {arity(candidate.selector)} arguments, the "
                f"method names {len(candidate.arguments)}")
    try:
        return parse_method(candidate.body, candidate.selector, candidate.arguments,
                            "<candidate>")[1]
    except ParseError as error:
        return f"does not parse: {error.line}:{error.column}: {error.message}"


def sends(candidate: Candidate) -> list[tuple[str, bool]]:
    """(selector, sent to self?) for every send of the body; none when it does not parse."""
    body = parsed(candidate)
    return [] if isinstance(body, str) else crucible._sends(body, set(candidate.arguments))


def parse(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
          holder: object, policy: str) -> Verdict:
    """It parses, and takes as many arguments as the selector."""
    body = parsed(candidate)
    return (False, body) if isinstance(body, str) else (True, "")


def recursion(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
              holder: object, policy: str) -> Verdict:
    """It does not send the message it should answer to itself."""
    body = parsed(candidate)
    if isinstance(body, str):
        return False, body
    if any(s == request.selector and to_self for s, to_self in sends(candidate)):
        return False, f"sends #{request.selector} to itself, the message it should answer"
    return True, ""


def primitives(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
               holder: object, policy: str) -> Verdict:
    """It touches only allowed primitives and globals."""
    body = parsed(candidate)
    if isinstance(body, str):
        return False, body
    allowed = rt.builtin_primitives - crucible.OUTSIDE_PRIMITIVES
    for sent, to_self in sends(candidate):
        if is_primitive(sent) and sent not in allowed:
            return False, f"uses the primitive {sent}, which is not allowed in synthesized code"
        if sent in crucible.FORBIDDEN_SELECTORS or (to_self and
                                                    sent in crucible.FORBIDDEN_GLOBALS):
            return False, f"sends #{sent}, which synthesized code may not use"
    return True, ""


def trial(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
          holder: object, policy: str) -> Verdict:
    """The pending send, run with the method installed, in a savepoint rolled back."""
    return _trial(rt, candidate, replace(request, examples=[]), limits, holder)


def examples(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
             holder: object, policy: str) -> Verdict:
    """Every example the user gave answers true with the method installed."""
    if not request.examples:
        return True, "no examples given"
    passed, reason = _trial(rt, candidate, request, limits, holder)
    return passed, reason if not passed else "; ".join(request.examples)


def auto(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
         holder: object, policy: str) -> Verdict:
    """Under `auto`, nothing is installed without examples, nor a body that ignores its
    receiver and arguments (a constant) or one of its arguments."""
    if policy != "auto":
        return True, f"policy {policy}"
    if not request.examples:
        return False, "auto installs only methods that pass examples"
    body = parsed(candidate)
    if isinstance(body, str):
        return False, body
    used = {selector for selector, to_self in sends(candidate) if to_self} | \
        _names(body)
    ignored = [a for a in candidate.arguments if a not in used]
    if ignored:
        return False, f"ignores its argument {ignored[0]}"
    if "self" not in used and not any(to_self for _, to_self in sends(candidate)):
        return False, "answers the same whatever its receiver and arguments (a constant)"
    return True, ""


def _names(node: object) -> set[str]:
    """Every variable name the tree mentions (self, arguments, temporaries)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, n.Variable):
            found.add(current.name)
        if isinstance(current, list | tuple):
            stack.extend(current)
        elif is_dataclass(current):
            stack.extend(getattr(current, f.name) for f in fields(current))
    return found


def _trial(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
           holder: object) -> Verdict:
    """The crucible's trial on a scratch copy of the candidate: its first failure, else the
    trial's answer."""
    scratch = replace(candidate, checks=[])
    passed = crucible.trial(rt, scratch, request, limits, holder)
    candidate.result = scratch.result or candidate.result
    failure = scratch.failure
    if failure is not None:
        return False, f"{failure.stage}: {failure.note}" if failure.stage.startswith(
            "example") else failure.note
    return passed, f"answered {scratch.result}"


STAGES: dict[str, Stage] = {
    "parse": parse, "recursion": recursion, "primitives": primitives, "trial": trial,
    "examples": examples, "auto": auto,
}
