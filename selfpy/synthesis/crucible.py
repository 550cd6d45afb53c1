"""The crucible: what a candidate method must survive before anyone sees it.

In order, each stage recorded on the candidate: it parses and takes as many
arguments as the selector; it does not send the missing selector to itself;
it touches only allowed primitives and globals; then a trial run, inside a
savepoint that is always rolled back, of the pending send and of every
example, under a step budget and a time limit. Output written during the
trial is kept from the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import NonLocalReturn, ParseError
from ..objects import layout
from ..objects.prototypes import Method
from ..objects.slot import METHOD, Slot
from ..syntax import nodes as n
from ..syntax.parser import parse_method
from ..syntax.selector import arity, is_primitive
from ..vm.budget import BudgetExceeded, limited
from ..vm.translation import TRIAL_FAILURES
from .candidate import Candidate, Request

if TYPE_CHECKING:
    from ..vm.runtime import Runtime
    from .model import Settings

# Primitives that reach outside the image or rewrite it: a candidate may not use them.
OUTSIDE_PRIMITIVES = frozenset({
    "_Print:", "_AddSlots:", "_RemoveSlot:", "_RevertChange:", "_Arguments",
    "_HistoryOf:Named:", "_Perform:WithArguments:", "_Synthesize:", "_NotUnderstood:",
})
# Messages a candidate may not send, to any receiver.
FORBIDDEN_SELECTORS = frozenset({
    "addSlots:", "removeSlot:", "revert", "perform:", "perform:with:", "perform:with:with:",
    "perform:with:with:with:", "perform:withArguments:", "expects:examples:",
})
# Globals a candidate may not name.
FORBIDDEN_GLOBALS = frozenset({"pLLM", "genesis", "system", "lobby"})


def judge(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
          holder: object = None) -> bool:
    """Run every stage on `candidate` (installed at `holder`, default the request's)."""
    candidate.checks.clear()
    body = _static(rt, candidate, request.selector)
    if body is None:
        return False
    return trial(rt, candidate, request, limits, holder if holder is not None
                 else request.holder)


def _static(rt: Runtime, candidate: Candidate, selector: str) -> n.Body | None:
    """Parse, arity, recursion and allow-list stages; the body when all pass."""
    if len(candidate.arguments) != arity(selector) or \
            len(set(candidate.arguments)) != len(candidate.arguments):
        candidate.record("arity", False, f"#{selector} takes {arity(selector)} arguments, "
                                         f"the method names {len(candidate.arguments)}")
        return None
    try:
        arguments, body = parse_method(candidate.body, selector, candidate.arguments,
                                       "<candidate>")
    except ParseError as error:
        candidate.record("parse", False, f"{error.line}:{error.column}: {error.message}")
        return None
    candidate.record("parse", True)
    candidate.record("arity", True)
    sends = list(_sends(body, set(arguments)))
    if any(s == selector and to_self for s, to_self in sends):
        candidate.record("recursion", False,
                         f"sends #{selector} to itself, the message it should answer")
        return None
    candidate.record("recursion", True)
    allowed = rt.builtin_primitives - OUTSIDE_PRIMITIVES
    for sent, to_self in sends:
        if is_primitive(sent) and sent not in allowed:
            candidate.record("primitives", False, f"uses the primitive {sent}, which is not "
                                                  "allowed in synthesized code")
            return None
        if sent in FORBIDDEN_SELECTORS or (to_self and sent in FORBIDDEN_GLOBALS):
            candidate.record("primitives", False, f"sends #{sent}, which synthesized code "
                                                  "may not use")
            return None
    candidate.record("primitives", True)
    return body


def _sends(node: object, local: set[str]) -> list[tuple[str, bool]]:
    """(selector, sent to self?) for every send in `node`; `local` names are no sends."""
    found: list[tuple[str, bool]] = []

    def walk(node: object, local: set[str]) -> None:
        if isinstance(node, n.Body):
            local = local | set(node.temporaries)
            for statement in node.statements:
                walk(statement, local)
        elif isinstance(node, n.Variable):
            if node.name not in local and node.name not in ("self", "true", "false", "nil"):
                found.append((node.name, True))
        elif isinstance(node, n.Send):
            to_self = isinstance(node.receiver, n.Variable) and node.receiver.name == "self"
            found.append((node.selector, to_self))
            walk(node.receiver, local)
            for argument in node.arguments:
                walk(argument, local)
        elif isinstance(node, n.Cascade):
            walk(node.receiver, local)
            to_self = isinstance(node.receiver, n.Variable) and node.receiver.name == "self"
            for message in node.messages:
                found.append((message.selector, to_self))
                for argument in message.arguments:
                    walk(argument, local)
        elif isinstance(node, n.Block):
            walk(node.body, local | set(node.parameters))
        elif isinstance(node, n.Resend):
            found.append((node.selector, True))
            for argument in node.arguments:
                walk(argument, local)
        elif isinstance(node, n.Assign | n.Return):
            walk(node.value, local)
        elif isinstance(node, n.Paren):
            walk(node.body, local)
        elif isinstance(node, n.BraceArray):
            for item in node.items:
                walk(item, local)
        elif isinstance(node, n.ObjectLiteral):
            walk(node.body, local)
            for slot in node.slots:
                if slot.value is not None:
                    walk(slot.value, local | set(slot.arguments))

    walk(node, local)
    return found


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


def trial(rt: Runtime, candidate: Candidate, request: Request, limits: Settings,
          holder: object) -> bool:
    """Install the candidate at `holder`, run the pending send and the examples, roll back."""
    manager = rt.connection.transaction_manager  # type: ignore[attr-defined]
    savepoint = manager.savepoint()
    written: list[str] = []
    stage = "trial"
    with rt.acting(write=written.append):
        try:
            method = method_of(candidate)
            put_method(rt, request, holder, method)
            rt.function_of(method, holder)  # compile outside the budget
            examples = [(text, rt.compile_doit(text, "<example>")) for text in request.examples]
            with limited(limits.steps, limits.seconds):
                value = rt.send(request.receiver, request.selector, *request.arguments)
                candidate.result = rt.describe(value)
            candidate.record("trial", True, f"answered {candidate.result}")
            for text, example in examples:
                stage = f"example {text}"
                with limited(limits.steps, limits.seconds):
                    answer = rt.nil
                    for answer in example(rt.lobby):  # noqa: B007 - the last statement's value
                        pass
                    shown = rt.describe(answer)
                if answer is not rt.true:
                    candidate.record(stage, False, f"answered {shown}, not true")
                    return False
                candidate.record(stage, True)
            return True
        except BudgetExceeded as exceeded:
            return candidate.record(stage, False, exceeded.reason)
        except NonLocalReturn:
            return candidate.record(stage, False, "a '^' escaped from a block")
        except ParseError as error:
            return candidate.record(stage, False, f"{error.line}:{error.column}: {error.message}")
        except TRIAL_FAILURES as raised:
            return candidate.record(stage, False, rt.as_error(raised).message)
        finally:
            savepoint.rollback()
            rt.changed()
