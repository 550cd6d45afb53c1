"""A candidate method for a message nobody understood: its source, where it
came from, and what the crucible found out about it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..syntax.selector import arity, header, is_binary

# Where a candidate came from, in the order synthesis tries them.
ACCESSOR = "accessor"  # deterministic: a slot, a setter, a derived accessor, a synonym
RETRIEVED = "retrieved"  # the same selector, implemented elsewhere in the image
FINDER = "finder"  # found by searching the image's selectors against the examples
MODEL = "model"  # sampled from the language model
EDITED = "edited"  # written or changed by the user while approving
STUB = "stub"  # raises 'should be implemented'


@dataclass
class Check:
    """One stage of the crucible and what it said."""

    stage: str  # the name of the stage object in `pLLM stages`: 'parse', 'trial', ...
    passed: bool
    note: str = ""
    skipped: bool = False  # a user's stage that was stopped, left out

    @property
    def verdict(self) -> str:
        return "skipped" if self.skipped else "passed" if self.passed else "failed"


@dataclass
class Rival:
    """Another body as cheap as a found one that fits the examples too, and an input where
    the two answer differently: the examples do not decide between them. An empty `body`
    says the search ran out of time before it could look for one."""

    body: str
    input: str  # the send where they differ, e.g. `7 half`
    ours: str  # what the candidate answers there
    theirs: str  # what the rival answers there
    decided: str = ""  # why the image's methods speak for the candidate, when they do


@dataclass
class Candidate:
    """A method body proposed for `selector`, with its provenance."""

    selector: str
    body: str  # the method's code: `( ... )`
    origin: str  # ACCESSOR, RETRIEVED, MODEL, EDITED or STUB
    why: str = ""  # for people: 'reads slot x', 'as traits float squared', 'sample 2'
    arguments: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    provenance: dict = field(default_factory=dict)  # model, seed, prompt digest ...
    result: str = ""  # printString of the trial run's answer
    shown: list[str] = field(default_factory=list)  # receiver slots its trial showed changing
    rival: Rival | None = None  # an equally cheap body the examples do not rule out

    def __post_init__(self) -> None:
        if not self.arguments:
            self.arguments = argument_names(self.selector)

    @property
    def passed(self) -> bool:
        """Every stage run so far passed (and at least one ran)."""
        return bool(self.checks) and all(check.passed for check in self.checks)

    @property
    def failure(self) -> Check | None:
        return next((check for check in self.checks if not check.passed), None)

    def record(self, stage: str, passed: bool, note: str = "") -> bool:
        self.checks.append(Check(stage, passed, note))
        return passed

    def header(self) -> str:
        """The method's header as a slot definition: `at: i put: v`, `+ other`, `size`."""
        return header(self.selector, self.arguments)

    def definition(self) -> str:
        """The slot definition people read: `squared = ( self * self )`."""
        return f"{self.header()} = {self.body}"


def argument_names(selector: str) -> list[str]:
    """Names for a selector's arguments: `other` for a binary, else `a`, `b`, ..."""
    if is_binary(selector):
        return ["other"]
    return ["abcdefgh"[i] for i in range(arity(selector))]


@dataclass
class Request:
    """The send nobody understood, and what a method for it must satisfy."""

    receiver: object
    selector: str
    arguments: list
    examples: list[str] = field(default_factory=list)  # selfpy expressions answering true
    holders: list = field(default_factory=list)  # where the method may go, on the lookup path
    holder: object = None  # where it goes unless the user picks another
    prototypes: list = field(default_factory=list)  # places the receiver is a clone of
    compiled: dict = field(default_factory=dict, repr=False)  # examples, compiled once

    def targets(self, holder: object) -> list:
        """What installing at `holder` changes: the holder, and the receiver too when the
        holder is the prototype it was cloned from (a clone keeps its prototype's old
        slots, so it would not see a method added to the prototype)."""
        if holder is not self.receiver and any(holder is p for p in self.prototypes):
            return [holder, self.receiver]
        return [holder]
