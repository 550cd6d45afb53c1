"""A candidate method for a message nobody understood: its source, where it
came from, and what the crucible found out about it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..syntax.selector import arity, header, is_binary

# Where a candidate came from, in the order synthesis tries them.
ACCESSOR = "accessor"  # deterministic: a slot, a setter, a derived accessor, a synonym
RETRIEVED = "retrieved"  # the same selector, implemented elsewhere in the image
MODEL = "model"  # sampled from the language model
EDITED = "edited"  # written or changed by the user while approving
STUB = "stub"  # raises 'should be implemented'


@dataclass
class Check:
    """One stage of the crucible and what it said."""

    stage: str  # 'parse', 'arity', 'recursion', 'primitives', 'trial', 'example ...'
    passed: bool
    note: str = ""


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

    def targets(self, holder: object) -> list:
        """What installing at `holder` changes: the holder, and the receiver too when the
        holder is the prototype it was cloned from (a clone keeps its prototype's old
        slots, so it would not see a method added to the prototype)."""
        if holder is not self.receiver and any(holder is p for p in self.prototypes):
            return [holder, self.receiver]
        return [holder]
