"""One deadline for a whole synthesis: a model that never answers, a server that never
replies and a trial that loops all end within `pLLM deadline` plus a small margin, with
a note saying what ran out of time, and leave the image as it was. (The bundled model
stopping between tokens is in test_model.py, Ctrl-C at the REPL in test_repl.py.)"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_synthesis import CUBED, Scripted, fingerprint, world_with

import selfpy
from selfpy.synthesis import model
from selfpy.synthesis.pipeline import Proposal
from selfpy.vm.deadline import Deadline, DeadlinePassed

MARGIN = 2.5  # seconds past the deadline a loaded machine may need to stop and roll back
CAUGHT = "[3 cubed] on: error do: [:e | e messageText]"


class Stuck(Scripted):
    """A model that never answers (and takes no deadline: the alarm has to stop it)."""

    def sample(self, messages: list[dict], grammar: str | None, count: int, seed: int,
               temperature: float, max_tokens: int) -> list[model.Sample]:
        self.asked.append(messages)
        while True:
            time.sleep(0.01)


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A model server that accepts connections and never replies."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def timed(world: selfpy.World, source: str) -> tuple[object, float]:
    started = time.monotonic()
    value = world.eval(source)
    return value, time.monotonic() - started


def test_the_deadline_object() -> None:
    deadline = Deadline(0.05)
    assert not deadline.expired and 0 < deadline.remaining() <= 0.05
    deadline.check("accessors")
    while not deadline.expired:
        time.sleep(0.01)
    with pytest.raises(DeadlinePassed):
        deadline.check("the finder")
    assert deadline.remaining() == 0
    assert deadline.describe() == "the finder ran out of time (deadline 0.05 s)"
    assert Deadline(None).remaining() == float("inf")


def test_a_model_that_never_answers_is_stopped(tmp_path: Path) -> None:
    world = world_with(image=tmp_path / "d.image")
    world.runtime.configure(model_backend=Stuck())
    with world:
        world.execute(CUBED + "pLLM deadline: 1")
        before = fingerprint(world)
        answer, elapsed = timed(world, CAUGHT)
        assert "3 does not understand #cubed" in answer
        assert elapsed < 1 + MARGIN, elapsed
        assert fingerprint(world) == before
        assert world.runtime.model_backend.asked  # it was asked, and did hang
        assert any(n.endswith("the model ran out of time (deadline 1 s)")
                   for n in world.notices), world.notices
        assert world.eval("3 + 4") == 7


def test_a_trial_that_loops_ends_at_the_deadline(tmp_path: Path) -> None:
    with world_with("( [true] whileTrue. 1 )", "( self * self * self )",
                    image=tmp_path / "t.image") as world:
        world.execute(CUBED + "pLLM seconds: 60; deadline: 1")
        before = fingerprint(world)
        answer, elapsed = timed(world, CAUGHT)
        assert "3 does not understand #cubed" in answer  # the good one came too late
        assert elapsed < 1 + MARGIN, elapsed
        assert fingerprint(world) == before
        assert any("the trial of model sample 1 ran out of time (deadline 1 s)" in n
                   for n in world.notices), world.notices


def test_a_server_that_never_replies_is_given_up(silent_server: str) -> None:
    with selfpy.World(synthesize="auto") as world:
        world.runtime.configure(notify=world.notices.append)
        world.execute("pLLM sources: (pLLM sources select: [:s | s name = 'model'])")
        world.execute(f"pLLM backend: 'http'; url: '{silent_server}'; deadline: 1; "
                      "httpTimeout: 60")
        answer, elapsed = timed(world, CUBED + CAUGHT)
        assert "3 does not understand #cubed" in answer
        assert elapsed < 1 + MARGIN, elapsed
        assert any(n.endswith("the model server ran out of time (deadline 1 s)")
                   for n in world.notices), world.notices


def test_ask_shows_what_it_has_when_time_runs_out() -> None:
    shown: list[tuple[Proposal, float]] = []
    world = world_with(policy="ask")
    world.runtime.configure(model_backend=Stuck())
    started = time.monotonic()

    def reject(proposal: Proposal) -> tuple[str, object]:
        shown.append((proposal, time.monotonic() - started))
        return "reject", None
    world.asker = reject
    with world:
        world.execute(CUBED + "pLLM deadline: 1")
        started = time.monotonic()
        assert "3 does not understand #cubed" in world.eval(CAUGHT)
        proposal, after = shown[0]
        assert after < 1 + MARGIN, after
        assert proposal.candidate is None
        assert "the model ran out of time (deadline 1 s)" in proposal.notes


def test_ask_shows_the_closest_candidate_when_time_runs_out() -> None:
    shown: list[Proposal] = []
    world = world_with("( self * self )", "( [true] whileTrue. 1 )", policy="ask")
    world.asker = lambda proposal: shown.append(proposal) or ("reject", None)
    with world:
        world.execute(CUBED + "pLLM seconds: 60; deadline: 1")
        assert "3 does not understand #cubed" in world.eval(CAUGHT)
        notes = shown[0].notes
        assert "the trial of model sample 2 ran out of time (deadline 1 s)" in notes
        assert ("closest so far: cubed = ( self * self ) (example 3 cubed = 27: answered false, "
                "not true)") in notes
