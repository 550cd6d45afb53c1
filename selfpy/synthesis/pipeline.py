"""Synthesis: finding, checking, choosing and installing a method for a message
nobody understood.

The root traits' `doesNotUnderstand:` (selfpy code in the image) asks the
model object `pLLM synthesizes: aMessage`, which comes here. Candidates come
lazily, each labelled with its source: deterministic ones from the
receiver's slots (`selfpy.accessor`), methods with the same selector
elsewhere in the image (`selfpy.retrieval`), then samples from the model
(only when the earlier ones did not do). Each goes through the crucible
(`selfpy.crucible`). Then the policy decides: `never` installs nothing,
`auto` installs the first candidate that passed examples the user gave,
`ask` shows the winner to the user (the REPL's asker) who may accept, edit,
ask for the next one, add an example, install a stub, pick where it goes or
reject. The chosen method is installed in the running transaction with its
provenance and a history entry; the handler then re-sends the message.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import SelfpyError
from ..objects.lookup import lookup_path
from ..objects.prototypes import SelfObject
from ..objects.slot import METHOD, value_attribute
from ..syntax import gbnf
from ..vm import budget
from ..vm.budget import BudgetExceeded, limited
from ..vm.deadline import Deadline
from . import accessor, crucible, finder, model, parts, prompt, retrieval, stages
from .candidate import EDITED, MODEL, STUB, Candidate, Request, argument_names, header

if TYPE_CHECKING:
    from ..vm.runtime import Runtime

GRACE = 0.25  # seconds past the deadline before the alarm stops whatever still runs
ACTIONS = ("accept", "next", "edit", "example", "stub", "place", "reject")


@dataclass
class Proposal:
    """What the user is shown: the request, the current winner, what was tried."""

    request: Request
    candidate: Candidate | None  # the candidate that passed, None when none did (yet)
    tried: list[Candidate]
    holder: int  # index into request.holders
    holder_names: list[str]
    receiver: str = ""  # the receiver's printString
    notes: list[str] = field(default_factory=list)  # model failures and the like


Asker = Callable[[Proposal], tuple[str, object]]


def synthesize(rt: Runtime, message: object) -> bool:
    """Find, check, choose and install a method for a reified not-understood message.

    Answers whether a method was installed (the caller then re-sends).
    """
    policy = rt.synthesis_policy
    if policy == "never" or rt.synthesizing:
        return False
    if not isinstance(message, SelfObject):
        return False
    request = _request(rt, message)
    started = time.monotonic()
    run = None
    chosen: tuple[Candidate, SelfObject, str] | None = None
    try:
        with rt.acting(synthesizing=True):
            run = _Run(rt, request)
            if policy == "auto":
                chosen = run.automatically()
            elif rt.asker is None:
                rt.notify(f"synthesis: nobody to ask about #{request.selector} here "
                          "(--synthesize ask needs a terminal)")
                chosen = None
            else:
                chosen = run.asking(rt.asker)
    finally:
        if run is not None:
            rt.synthesis_log.append({
                "selector": request.selector, "tried": len(run.tried),
                "installed": chosen is not None,
                "source": chosen[0].origin if chosen is not None else None,
                "rejected": [(c.body, c.failure.stage, c.failure.note) for c in run.tried
                             if c.failure is not None],
                "seconds": time.monotonic() - started, "notes": list(run.notes),
                "body": chosen[0].body if chosen is not None else None,
                "ran out": run.deadline.ran_out})
    if chosen is None:
        return False
    candidate, holder, approver = chosen
    install(rt, candidate, holder, approver, request)
    return True


def install(rt: Runtime, candidate: Candidate, holder: SelfObject, approver: str,
            request: Request) -> None:
    """Put the method in `holder` with its provenance; recorded in the history."""
    provenance = {
        **candidate.provenance,
        "source": candidate.origin, "why": candidate.why,
        "checks": [f"{c.stage}: {c.verdict}" + (f" ({c.note})" if c.note else "")
                   for c in candidate.checks],
        "examples": list(request.examples), "approved by": approver, "time": time.time(),
    }
    if approver == AUTO:  # nobody read it: it keeps to the effects its trial showed
        provenance["rights"] = ("may change only " + ", ".join(candidate.shown)
                                + " of its receiver") if candidate.shown else \
            "may change nothing that existed before it ran"
    method = crucible.method_of(candidate, provenance)
    if approver == AUTO:
        method.rights = list(candidate.shown)
    with rt.acting(origin="synthesis"):
        crucible.put_method(rt, request, holder, method)


def stub(selector: str) -> Candidate:
    """A method that says it still has to be written."""
    text = f"{selector} should be implemented".replace("'", "''")
    return Candidate(selector, f"( error: '{text}' )", STUB, "a stub")


class _Run:
    """One synthesis: the pipeline as the image lists it now, the candidates found so far
    and the stream of further ones."""

    def __init__(self, rt: Runtime, request: Request) -> None:
        self.rt = rt
        self.request = request
        self.limits = model.settings(rt)
        self.deadline = Deadline(self.limits.deadline)
        self.running = "accessors"  # the source being asked, for a note when time runs out
        self.policy = rt.synthesis_policy
        self.tried: list[Candidate] = []
        self.notes: list[str] = []
        self.holder = model.model_object(rt)
        self.sources = parts.listed(rt, self.holder, "sources", "candidatesFor:")
        self.stages = parts.listed(rt, self.holder, "stages", "judge:for:")
        self.stopped: set[int] = set()  # ids of user parts stopped in this synthesis
        self._request_object: SelfObject | None = None
        self._known: list[retrieval.Found] | None = None
        self._stream = self._candidates()
        self._found: list[Candidate] = []  # every candidate drawn, in order
        self._samples: tuple[list, dict] | None = None  # the model's samples, asked once
        self.reach = finder.Reach()  # how far the finder searched, for judging the model's

    def known(self) -> list[retrieval.Found]:
        """The image's methods, walked on first need (retrieval and the model's prompt)."""
        if self._known is None:
            self._known = retrieval.methods(self.rt)
        return self._known

    def request_object(self) -> SelfObject:
        if self._request_object is None:
            self._request_object = parts.request_object(self.rt, self.holder, self.request,
                                                           self.policy)
        return self._request_object

    def _stop(self, kind: str, part: parts.Part, reason: str) -> None:
        """Leave a user's source or stage out of the rest of this synthesis, and say so (at
        once under auto; a person asked sees it with the proposal)."""
        self.stopped.add(id(part.obj))
        if self.deadline.expired:  # it was the deadline that stopped it
            self.deadline.note(f"{kind} {part.name!r}")
        note = f"{kind} {part.name!r} was stopped: {reason}; synthesis went on without it"
        self.notes.append(note)
        if self.policy == "auto":
            self.rt.notify(f"synthesis: {note}")

    # ---- candidates ----------------------------------------------------------------
    def _candidates(self) -> Iterator[Candidate]:
        request = self.request
        for part in self.sources:
            self.running = _RUNNING.get(part.name, part.name)
            if part.builtin:
                source = SOURCES.get(part.name)
                if source is None:
                    self.notes.append(f"no built-in source is named {part.name!r}")
                    continue
                yield from source(self)
                continue
            try:
                proposed = parts.bodies_from(self.rt, part, self.request_object(),
                                                self.limits, self.deadline)
            except parts.Stopped as stopped:
                self._stop("source", part, stopped.reason)
                continue
            for body, why in proposed:
                yield Candidate(request.selector, body, part.name, why)

    def hints(self) -> list[str]:
        """The model's sample texts, for the finder's costs (sampled once per synthesis;
        under auto within the model's share of the deadline, the finder searching again
        after it; a person asked gets the model's samples as candidates too)."""
        share = MODEL_SHARE * self.limits.deadline if self.policy == "auto" else None
        samples, _ = self._model_samples(share)
        return [sample.text for sample in samples]

    def model_candidates(self) -> Iterator[Candidate]:
        """Samples from the model, under the grammar."""
        request = self.request
        arguments = argument_names(request.selector)
        samples, base = self._model_samples()
        for number, sample in enumerate(samples, 1):
            body = sample.text.strip()
            if not body.startswith("("):
                body = f"( {body} )"
            if self.policy == "auto" and self.reach.finished and \
                    not self.reach.covers(body, request.selector, list(arguments)):
                # auto would refuse it after its trial (below): not worth a trial's time
                self.notes.append(f"model sample {number} {body} {BEYOND_REACH}; not tried")
                continue
            yield Candidate(request.selector, body, MODEL, f"sample {number}",
                            arguments=list(arguments),
                            provenance={**base, "seed": sample.seed})

    def _model_samples(self, share: float | None = None) -> tuple[list, dict]:
        """(samples, provenance) from the model, asked at most once per synthesis; with a
        `share`, sampling stops after that many seconds with the samples finished by then."""
        if self._samples is not None:
            return self._samples
        rt, request, limits = self.rt, self.request, self.limits
        self._samples = ([], {})
        if limits.samples <= 0:
            return self._samples
        arguments = argument_names(request.selector)
        chat = prompt.messages(header(request.selector, arguments),
                               rt.describe(request.receiver),
                               rt.name_of(request.holder) or "the receiver", request.examples,
                               retrieval.similar(rt, request.selector, known=self.known()))
        if rt.synthesis_policy == "ask":  # somebody is waiting: say what for
            rt.notify(f"synthesis: asking the model for #{request.selector} "
                      f"({self.deadline.remaining():.0f} s left; Ctrl-C stops)")
        try:
            backend = model.backend(rt)
            until = self.deadline if share is None or share >= self.deadline.remaining() \
                else Deadline(share)
            samples = model.sample(backend, chat, gbnf.derive().text(), limits.samples,
                                   limits.seed, limits.temperature, limits.max_tokens, until)
            if until is not self.deadline and until.ran_out:
                self.notes.append(f"the model had {share:g} s of the deadline and "
                                  f"finished {len(samples)} of {limits.samples} samples")
            digest = backend.digest()
        except SelfpyError as error:
            self.notes.append(f"model: {error.message}")
            return self._samples
        base = {"model": backend.describe(), "model sha256": digest,
                "prompt sha256": prompt.digest(chat), "temperature": limits.temperature}
        self._samples = (list(samples), base)
        return self._samples

    def _draw(self) -> Iterator[Candidate]:
        """Every candidate: those drawn before, then new ones (bodies seen once only)."""
        yield from self._found
        for candidate in self._stream:
            if any(c.body == candidate.body and c.arguments == candidate.arguments
                   for c in self._found):
                continue
            self._found.append(candidate)
            yield candidate

    def _check(self, candidate: Candidate, holder: SelfObject) -> bool:
        passed = self.judge(candidate, holder)
        if candidate not in self.tried:
            self.tried.append(candidate)
        return passed

    def judge(self, candidate: Candidate, holder: SelfObject) -> bool:
        """Every stage of `pLLM stages` in order, each verdict recorded by the stage's name;
        the first refusal ends it. A user's stage that fails is left out from then on."""
        candidate.checks.clear()
        rt = self.rt
        shown = None
        for part in self.stages:
            if id(part.obj) in self.stopped:
                candidate.record(part.name, True, "stopped earlier in this synthesis")
                candidate.checks[-1].skipped = True
                continue
            if part.builtin:
                stage = stages.STAGES.get(part.name)
                if stage is None:
                    self.notes.append(f"no built-in stage is named {part.name!r}")
                    continue
                answer = stage(rt, candidate, self.request, self.limits, holder, self.policy,
                               self.deadline)
                for name, passed, reason in stages.verdicts(answer):  # the trial's runs by name
                    if not candidate.record(name or part.name, passed, reason):
                        return False
                continue
            else:
                if shown is None:
                    shown = parts.candidate_object(
                        rt, self.holder, candidate, holder,
                        [selector for selector, _ in stages.sends(candidate)])
                try:
                    passed, reason = parts.verdict_from(rt, part, shown,
                                                           self.request_object(), self.limits,
                                                           self.deadline)
                except parts.Stopped as stopped:
                    self._stop("stage", part, stopped.reason)
                    candidate.record(part.name, True, f"stopped: {stopped.reason}")
                    candidate.checks[-1].skipped = True
                    continue
            if not candidate.record(part.name, passed, reason):
                return False
        return candidate.passed

    def passing(self, holder: SelfObject, after: Candidate | None = None) -> Candidate | None:
        """The first candidate after `after` that passes every stage at `holder`, found
        within the synthesis's deadline (under `ask`, each wait of the user starts a
        fresh one; under `auto` one deadline covers every call).

        An alarm stops whatever still runs a moment after the deadline (a source, the
        model, a trial); the image is then put back as it was when the search began, and
        so it is after Ctrl-C."""
        manager = self.rt.connection.transaction_manager  # type: ignore[attr-defined]
        start = manager.savepoint()
        point = budget.checkpoint()
        try:
            with limited(None, self.deadline.remaining() + GRACE):
                return self._search(holder, after)
        except BudgetExceeded:
            budget.restore(point)
            start.rollback()
            self.rt.changed()
            self.out_of_time()
            return None
        except BaseException:
            budget.restore(point)
            start.rollback()
            self.rt.changed()
            raise

    def _search(self, holder: SelfObject, after: Candidate | None) -> Candidate | None:
        started = after is None
        for candidate in self._draw():
            if not started:
                started = candidate is after
                continue
            if self.deadline.expired:
                break
            if self._check(candidate, holder):
                return candidate
            if self.deadline.expired:
                self.deadline.note(f"the trial of {candidate.origin} {candidate.why}")
                break
        if self.deadline.expired:
            self.out_of_time()
        return None

    def out_of_time(self, what: str | None = None) -> None:
        """Note that time ran out, and for what (the source being asked, by default)."""
        self.deadline.note(what or self.running)
        note = self.deadline.describe()
        if note not in self.notes:
            self.notes.append(note)

    # ---- policies ------------------------------------------------------------------------
    def automatically(self) -> tuple[Candidate, SelfObject, str] | None:
        request = self.request
        if not request.examples:
            self.rt.notify(f"synthesis: #{request.selector} has no examples, and "
                           "--synthesize auto installs only methods that pass examples "
                           f"(declare them with expects: '{request.selector}' examples: "
                           "{...})")
            return None
        refused: list[str] = []
        winner = self.passing(request.holder)
        while winner is not None:
            if winner.rival is not None and not winner.rival.body:
                self.rt.notify(f"synthesis: #{request.selector} not installed: the search "
                               f"found {winner.body} but ran out of time before it had tried "
                               "every program that could rival it; add an example or install it "
                               "at the REPL")
                return None
            rival = winner.rival
            if rival is not None and not rival.decided:
                self.rt.notify(f"synthesis: #{request.selector} not installed: the examples "
                               f"fit both {winner.body} and {rival.body}, which differ on "
                               f"{rival.input} ({rival.ours} or {rival.theirs}); add an "
                               "example that decides")
                return None
            if rival is not None:
                self.rt.notify(f"synthesis: #{request.selector}: the examples fit both "
                               f"{winner.body} and {rival.body}, which differ on "
                               f"{rival.input} ({rival.ours} or {rival.theirs}); "
                               f"{rival.decided}, so {winner.body} it is (an example for "
                               f"{rival.input} would decide)")
            reason = crucible.ignored_input(winner, request.selector)
            if reason is None and winner.origin == MODEL and self.reach.finished and \
                    not self.reach.covers(winner.body, request.selector, winner.arguments):
                reason = BEYOND_REACH
            if reason is None:
                return winner, request.holder, AUTO
            refused.append(f"{winner.body} {reason}")
            winner = self.passing(request.holder, winner)
        refused += [f"{c.body} {c.failure.note}" for c in self.tried
                    if c.failure is not None and c.failure.stage == "auto"
                    and c.failure.note != "auto installs only methods that pass examples"]
        self.rt.notify(f"synthesis: none of {len(self.tried)} candidates for "
                       f"#{request.selector} passed its examples"
                       + "".join(f"; refused {text}" for text in refused)
                       + "".join(f"; {note}" for note in self.notes))
        return None

    def asking(self, ask: Asker) -> tuple[Candidate, SelfObject, str] | None:
        request = self.request
        place = request.holders.index(request.holder)
        ask_example = getattr(ask, "example_for", None)
        if not request.examples and ask_example is not None:
            text = ask_example(request.selector, sample_example(self.rt, request))
            if isinstance(text, str) and text.strip():
                request.examples.append(text.strip())
            self.deadline = Deadline(self.limits.deadline)  # the time from the answer on
        current = self.passing(request.holder)
        while True:
            holder = request.holders[place]
            notes = list(self.notes)
            if current is None and self.deadline.ran_out and self.tried:
                best = max(self.tried, key=lambda c: sum(check.passed for check in c.checks))
                failure = best.failure
                notes.append(f"closest so far: {best.definition()}"
                             + (f" ({failure.stage}: {failure.note})" if failure else ""))
            proposal = Proposal(request, current, list(self.tried), place,
                                [self.rt.name_of(h) or self.rt.describe(h)
                                 for h in request.holders],
                                self.rt.describe(request.receiver), notes)
            action, value = ask(proposal)
            self.deadline = Deadline(self.limits.deadline)  # each wait gets the whole time
            if action == "accept" and current is not None:
                return current, holder, "user"
            if action == "next":
                current = self.passing(holder, current) if current is not None else None
            elif action == "edit" and isinstance(value, str):
                edited = Candidate(request.selector, value.strip(), EDITED, "written by the user",
                                   arguments=list((current or Candidate(request.selector, "",
                                                                        EDITED)).arguments))
                current = edited if self._check(edited, holder) else None
            elif action == "example" and isinstance(value, str) and value.strip():
                request.examples.append(value.strip())
                self._found = []  # search again: the finder's answers depend on the examples
                self._stream = self._candidates()
                current = self.passing(holder)
            elif action == "place" and isinstance(value, int) and \
                    0 <= value < len(request.holders):
                place = value
                if current is not None and not self._check(current, request.holders[place]):
                    current = self.passing(request.holders[place])
            elif action == "stub":
                return stub(request.selector), holder, "user (stub)"
            elif action == "reject":
                return None


def sample_example(rt: Runtime, request: Request) -> str:
    """The pending send written as an example to complete: `pt sum = ` (what MethodFinder
    asks for)."""
    name = rt.name_of(request.receiver) or rt.describe(request.receiver)
    if " " in name and not name.startswith("traits "):
        name = f"({name})"
    elif name.startswith(("a ", "an ")):
        name = name.split(" ", 1)[1]  # a clone: its prototype's name reads as code
    if not request.arguments:
        return f"{name} {request.selector} = "
    shown = [rt.describe(a) for a in request.arguments]
    if not request.selector.endswith(":"):
        return f"({name} {request.selector} {shown[0]}) = "
    keywords = [k + ":" for k in request.selector.split(":")[:-1]]
    return "(" + name + "".join(f" {k} {v}" for k, v in zip(keywords, shown, strict=True)) + ") = "



AUTO = "policy auto"  # the approver of a method `auto` installed
# The model's share of the deadline when its samples steer the finder (the finder searches
# before and after it, and the samples are tried as candidates too).
MODEL_SHARE = 0.15
# Why auto does not install a model sample the finder's search did not reach.
BEYOND_REACH = ("is bigger than every program the finder tried, so one as small that fits "
                "the examples and answers otherwise may exist")
_RUNNING = {"accessor": "accessors", "retrieved": "retrieval", "model": "the model",
            "finder": "the finder"}


def _accessor(run: _Run) -> Iterator[Candidate]:
    return accessor.candidates(run.rt, run.request.receiver, run.request.selector)


def _retrieved(run: _Run) -> Iterator[Candidate]:
    return retrieval.same_selector(run.rt, run.request.receiver, run.request.selector,
                                   run.known())


def _finder(run: _Run) -> Iterator[Candidate]:
    """Search by example over the image's selectors (the model's samples steer it when the
    model is among the sources)."""
    rt = run.rt
    hints = run.hints if any(part.name == "model" for part in run.sources) else None
    progress = getattr(rt.asker, "searching", None)  # the REPL's asker shows the search
    yield from finder.candidates(rt, run.request, run.limits, run.known(), hints, progress,
                                 lambda: run.deadline.remaining(),  # the one running then
                                 run.reach)
    if run.reach.cut:  # it stopped short of the deadline, leaving the trials their time
        run.out_of_time("the finder")


# The built-in sources, by the name of their object in `pLLM sources`.
SOURCES: dict[str, Callable[[_Run], Iterator[Candidate]]] = {
    "accessor": _accessor,
    "retrieved": _retrieved,
    "finder": _finder,
    "model": _Run.model_candidates,
}


def candidates_of(rt: Runtime, name: str, request: Request) -> list[Candidate]:
    """Every candidate the built-in source `name` has for `request` (`_BuiltinCandidatesFor:`
    sent by selfpy code)."""
    source = SOURCES.get(name)
    if source is None:
        raise SelfpyError(f"no built-in source is named {name!r}")
    with rt.acting(synthesizing=True):  # a send nobody understands while looking is no new
        return list(source(_Run(rt, request)))  # synthesis


def _request(rt: Runtime, message: SelfObject) -> Request:
    receiver = getattr(message, value_attribute("receiver"))
    selector = getattr(message, value_attribute("selector"))
    arguments = list(getattr(getattr(message, value_attribute("arguments")), "items", []))
    holder = model.model_object(rt)
    examples: list[str] = []
    place = None
    try:
        found = rt.send(holder, "examplesFor:", selector)
        examples = [e for e in getattr(found, "items", []) if isinstance(e, str)]
        place = rt.send(holder, "placeFor:", selector)
    except SelfpyError:
        pass
    holders = places(rt, receiver)
    prototypes = []
    if isinstance(place, SelfObject) and isinstance(receiver, SelfObject) and \
            place._map is receiver._map and all(place is not h for h in holders):
        prototypes.append(place)  # the receiver is a clone of the declared place
        holders.insert(0, place)
    holder = place if any(place is h for h in holders) else default_place(rt, receiver,
                                                                          holders)
    return Request(receiver, selector, arguments, examples, holders, holder, prototypes)


def places(rt: Runtime, receiver: object) -> list[SelfObject]:
    """Where a method for `receiver` can go: the receiver (if it has slots) and the objects
    on its lookup path, short of the root traits and the lobby."""
    stop = {id(rt.lobby), id(rt.state["traits"]["root"])}
    return [obj for obj in lookup_path(rt.as_object(receiver), rt.as_object)
            if id(obj) not in stop]


def default_place(rt: Runtime, receiver: object, holders: list[SelfObject]) -> SelfObject:
    """The receiver's traits for a number or string; for an object with slots, its first
    parent that the user made (shared by its clones), else the object itself."""
    if not isinstance(receiver, SelfObject):
        return holders[0]
    for parent in receiver.parent_objects():
        if isinstance(parent, SelfObject) and any(parent is h for h in holders) \
                and not _kernel_object(rt, parent):
            return parent
    return receiver


def _kernel_object(rt: Runtime, obj: SelfObject) -> bool:
    if rt.name_of(obj).startswith("traits ") or any(obj is t for t in
                                                    rt.state["traits"].values()):
        return True
    return any(slot.kind == METHOD and getattr(slot.value, "kernel", False)
               for slot in obj._map.slots.values())
