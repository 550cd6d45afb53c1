"""One deadline for a whole piece of work (a synthesis): a point in time that
every part of it (sources, model sampling, trials) can ask about and pass on.

It is a plain value with no threads of its own: `selfpy.budget.limited`
enforces it on running code, the model backends stop between tokens when it
has passed, and loops over candidates check it between steps.
"""

from __future__ import annotations

import math
import time


class DeadlinePassed(Exception):
    """`Deadline.check` found the time used up."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class Deadline:
    """A moment by which something must be done (`seconds` from now; None: never)."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = math.inf if seconds is None else max(0.0, float(seconds))
        self.started = time.monotonic()
        self.at = self.started + self.seconds
        self.ran_out: str = ""  # what was running when the time was up ('model', 'trial', ...)

    def remaining(self) -> float:
        """Seconds left, never negative (inf for no deadline)."""
        return max(0.0, self.at - time.monotonic())

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.at

    def check(self, what: str = "") -> None:
        """Raise `DeadlinePassed` when the time is up, noting `what` was running."""
        if self.expired:
            self.note(what)
            raise DeadlinePassed(what)

    def note(self, what: str) -> None:
        """Remember the first thing that ran out of time."""
        if what and not self.ran_out:
            self.ran_out = what

    def describe(self) -> str:
        """For notes: 'the model ran out of time (deadline 10 s)'."""
        who = f"{self.ran_out} " if self.ran_out else ""
        return f"{who}ran out of time (deadline {self.seconds:g} s)"

    def __repr__(self) -> str:
        return f"Deadline({self.seconds:g} s, {self.remaining():.2f} s left)"


NEVER = Deadline(None)
