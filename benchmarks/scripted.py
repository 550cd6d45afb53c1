"""A model backend for the synthesis benchmarks: it answers the bodies it was given,
or, given none, never answers (a model that hangs; only the deadline stops it)."""

from __future__ import annotations

import time

from selfpy.synthesis import model


class Scripted:
    def __init__(self, *bodies: str) -> None:
        self.bodies = bodies

    def describe(self) -> str:
        return "scripted"

    def digest(self) -> str:
        return "0" * 64

    def sample(self, messages: list, grammar: object, count: int, seed: int,
               temperature: float, max_tokens: int) -> list:
        while not self.bodies:
            time.sleep(0.01)
        return [model.Sample(body, seed) for body in self.bodies]
