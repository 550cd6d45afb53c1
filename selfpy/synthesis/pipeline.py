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
from . import accessor, crucible, model, prompt, retrieval
from .candidate import EDITED, MODEL, STUB, Candidate, Request, argument_names, header

if TYPE_CHECKING:
    from ..vm.runtime import Runtime

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
    rt.synthesizing = True
    run = None
    chosen: tuple[Candidate, SelfObject, str] | None = None
    try:
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
        rt.synthesizing = False
        if run is not None:
            rt.synthesis_log.append({
                "selector": request.selector, "tried": len(run.tried),
                "installed": chosen is not None,
                "source": chosen[0].origin if chosen is not None else None,
                "seconds": time.monotonic() - started, "notes": list(run.notes)})
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
        "checks": [f"{c.stage}: {'passed' if c.passed else 'failed'}"
                   + (f" ({c.note})" if c.note else "") for c in candidate.checks],
        "examples": list(request.examples), "approved by": approver, "time": time.time(),
    }
    with rt.acting(origin="synthesis"):
        crucible.put_method(rt, request, holder, crucible.method_of(candidate, provenance))


def stub(selector: str) -> Candidate:
    """A method that says it still has to be written."""
    text = f"{selector} should be implemented".replace("'", "''")
    return Candidate(selector, f"( error: '{text}' )", STUB, "a stub")


class _Run:
    """One synthesis: the candidates found so far and the stream of further ones."""

    def __init__(self, rt: Runtime, request: Request) -> None:
        self.rt = rt
        self.request = request
        self.limits = model.settings(rt)
        self.tried: list[Candidate] = []
        self.notes: list[str] = []
        self._stream = self._candidates()
        self._found: list[Candidate] = []  # every candidate drawn, in order

    # ---- candidates ----------------------------------------------------------------
    def _candidates(self) -> Iterator[Candidate]:
        rt, request = self.rt, self.request
        known: list[retrieval.Found] = []  # the image's methods, walked on first need
        for source in _sources(rt):
            if source == "accessor":
                yield from accessor.candidates(rt, request.receiver, request.selector)
                continue
            if not known:
                known = retrieval.methods(rt)
            if source == "retrieved":
                yield from retrieval.same_selector(rt, request.receiver, request.selector,
                                                   known)
            elif source == "model":
                yield from self._model_candidates(known)

    def _model_candidates(self, known: list[retrieval.Found]) -> Iterator[Candidate]:
        rt, request, limits = self.rt, self.request, self.limits
        if limits.samples <= 0:
            return
        arguments = argument_names(request.selector)
        chat = prompt.messages(header(request.selector, arguments),
                               rt.describe(request.receiver),
                               rt.name_of(request.holder) or "the receiver", request.examples,
                               retrieval.similar(rt, request.selector, known=known))
        try:
            backend = model.backend(rt)
            samples = backend.sample(chat, gbnf.derive().text(), limits.samples, limits.seed,
                                     limits.temperature, limits.max_tokens)
            digest = backend.digest()
        except SelfpyError as error:
            self.notes.append(f"model: {error.message}")
            return
        base = {"model": backend.describe(), "model sha256": digest,
                "prompt sha256": prompt.digest(chat), "temperature": limits.temperature}
        for number, sample in enumerate(samples, 1):
            body = sample.text.strip()
            if not body.startswith("("):
                body = f"( {body} )"
            yield Candidate(request.selector, body, MODEL, f"sample {number}",
                            arguments=list(arguments),
                            provenance={**base, "seed": sample.seed})

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
        passed = crucible.judge(self.rt, candidate, self.request, self.limits, holder)
        if candidate not in self.tried:
            self.tried.append(candidate)
        return passed

    def passing(self, holder: SelfObject, after: Candidate | None = None) -> Candidate | None:
        """The first candidate after `after` that passes every stage at `holder`."""
        started = after is None
        for candidate in self._draw():
            if not started:
                started = candidate is after
                continue
            if self._check(candidate, holder):
                return candidate
        return None

    # ---- policies ------------------------------------------------------------------------
    def automatically(self) -> tuple[Candidate, SelfObject, str] | None:
        request = self.request
        if not request.examples:
            self.rt.notify(f"synthesis: #{request.selector} has no examples, and "
                           "--synthesize auto installs only methods that pass examples "
                           f"(declare them with expects: '{request.selector}' examples: "
                           "{...})")
            return None
        winner = self.passing(request.holder)
        if winner is None:
            self.rt.notify(f"synthesis: none of {len(self.tried)} candidates for "
                           f"#{request.selector} passed its examples"
                           + "".join(f"; {note}" for note in self.notes))
            return None
        return winner, request.holder, "policy auto"

    def asking(self, ask: Asker) -> tuple[Candidate, SelfObject, str] | None:
        request = self.request
        place = request.holders.index(request.holder)
        current = self.passing(request.holder)
        while True:
            holder = request.holders[place]
            proposal = Proposal(request, current, list(self.tried), place,
                                [self.rt.name_of(h) or self.rt.describe(h)
                                 for h in request.holders],
                                self.rt.describe(request.receiver), list(self.notes))
            action, value = ask(proposal)
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


def _sources(rt: Runtime) -> list[str]:
    """The candidate sources, in order, as `pLLM candidateSources` names them."""
    try:
        names = rt.send(model.model_object(rt), "candidateSources")
    except SelfpyError:
        return ["accessor", "retrieved", "model"]
    return [name for name in getattr(names, "items", []) if isinstance(name, str)]


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
