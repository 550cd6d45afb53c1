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
from typing import TYPE_CHECKING

from ..errors import ParseError
from ..syntax import nodes as n
from ..syntax.parser import parse_method
from ..syntax.selector import arity
from . import crucible
from .candidate import Candidate, Request

if TYPE_CHECKING:
    from ..vm.deadline import Deadline
    from ..vm.runtime import Runtime
    from .model import Settings

Verdict = tuple[bool, str]
# A stage answers one verdict, or (the trial) the verdicts of each of its runs by name,
# (stage, passed, reason), its own verdict last.
Detailed = list[tuple[str, bool, str]]  # the last one says whether the stage passed
Stage = Callable[..., "Verdict | Detailed"]


def summary(answer: Verdict | Detailed) -> Verdict:
    """A stage's answer as one verdict: the first refusal ("stage: reason"), else the
    first verdict's reason (the trial's: what the pending send answered)."""
    named = verdicts(answer)
    for name, passed, reason in named:
        if not passed:
            return False, f"{name}: {reason}" if name else reason
    return True, named[0][2]


def verdicts(answer: Verdict | Detailed) -> Detailed:
    """A stage's answer as named verdicts, the stage's own last (its name left empty)."""
    if isinstance(answer, list):
        return answer
    return [("", answer[0], answer[1])]


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
    return [] if isinstance(body, str) else crucible.sends(body, set(candidate.arguments))


def parse(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
          holder: object, policy: str, deadline: Deadline | None = None) -> Verdict:
    """It parses, and takes as many arguments as the selector."""
    body = parsed(candidate)
    return (False, body) if isinstance(body, str) else (True, "")


def recursion(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
              holder: object, policy: str, deadline: Deadline | None = None) -> Verdict:
    """It does not send the message it should answer to itself."""
    body = parsed(candidate)
    if isinstance(body, str):
        return False, body
    if any(s == request.selector and to_self for s, to_self in sends(candidate)):
        return False, f"sends #{request.selector} to itself, the message it should answer"
    return True, ""


def primitives(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
               holder: object, policy: str, deadline: Deadline | None = None) -> Verdict:
    """It touches only allowed primitives and sends no forbidden message, whatever the
    receiver (a fast filter; the trial observes what the code really does)."""
    body = parsed(candidate)
    if isinstance(body, str):
        return False, body
    verdict = crucible.check_sends(rt, candidate, request)
    return verdict.passed, verdict.reason


def trial(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
          holder: object, policy: str, deadline: Deadline | None = None) -> Detailed:
    """The pending send and every example, run with the method installed under the step
    budget, the time limit and the deadline, each from the same rolled-back savepoint;
    then what they changed (only the receiver, and only as an example shows)."""
    outcome = crucible.run_trial(rt, candidate, request, limits, holder, deadline,
                                 person=policy == "ask")
    candidate.result = outcome.result or candidate.result
    candidate.shown = outcome.shown
    # the pending send's run is `trial`, each example's `example ...`, then `effects`
    return [(v.stage, v.passed, v.reason) for v in outcome.verdicts]


def examples(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
             holder: object, policy: str, deadline: Deadline | None = None) -> Verdict:
    """Every example the user gave answered true (the trial runs them; without the trial
    stage, this stage runs it)."""
    if not request.examples:
        return True, "no examples given"
    if any(check.stage.startswith("example ") and check.passed for check in candidate.checks):
        return True, "; ".join(request.examples)
    passed, reason = summary(trial(rt, candidate, request, limits, holder, policy, deadline))
    return passed, reason if not passed else "; ".join(request.examples)


def auto(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
         holder: object, policy: str, deadline: Deadline | None = None) -> Verdict:
    """Under `auto`, nothing is installed without examples, nor a body that ignores its
    receiver and arguments (a constant) or one of its arguments."""
    if policy != "auto":
        return True, f"policy {policy}"
    if not request.examples:
        return False, "auto installs only methods that pass examples"
    reason = crucible.ignored_input(candidate, request.selector)
    return (False, reason) if reason else (True, "")


STAGES: dict[str, Stage] = {
    "parse": parse, "recursion": recursion, "primitives": primitives, "trial": trial,
    "examples": examples, "auto": auto,
}
