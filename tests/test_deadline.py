"""One deadline for a whole synthesis: a model that never answers, a server that never
replies and a trial that loops all end within `pLLM deadline` plus a small margin, with
a note saying what ran out of time, and leave the image as it was. (The bundled model
stopping between tokens is in test_model.py, Ctrl-C at the REPL in test_repl.py.)"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_synthesis import CUBED, Scripted, checks, fingerprint, world_with

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


# ---- each part of a synthesis is bounded by the same deadline ---------------------------
# the one built-in source named (the finder is not among the sources world_with leaves)
ONLY = ("pLLM sources: (list copy add: (pLLM builtinSources detect: [:s | s name = '{}']); "
        "yourself)")


@pytest.mark.parametrize(("source", "setup", "send", "holder", "running"), [
    ("accessor", "lobby addSlots: (| pt = (| parent* = traits clonable. x <- 3 |) |). "
                 "pt expects: 'getX' examples: {'pt getX = 3'}", "pt getX", "pt", "accessors"),
    ("retrieved", "traits float addSlots: (| twice = ( self + self ) |). "
                  "traits integer expects: 'twice' examples: {'4 twice = 8'}",
     "3 twice", "traits integer", "retrieval"),
], ids=["accessor", "retrieved"])
def test_a_source_that_finds_a_method_after_the_deadline_installs_nothing(
        tmp_path: Path, source: str, setup: str, send: str, holder: str,
        running: str) -> None:
    with world_with(image=tmp_path / "s.image") as world:
        world.execute(ONLY.format(source) + ". " + setup + ". pLLM deadline: 0")
        before = fingerprint(world)
        answer = world.eval(f"[{send}] on: error do: [:e | e messageText]")
        assert "does not understand" in answer
        assert fingerprint(world) == before
        assert any(n.endswith(f"{running} ran out of time (deadline 0 s)")
                   for n in world.notices), world.notices
        world.execute("pLLM deadline: 10")  # with time, the same source finds it
        assert world.eval(send) == (3 if source == "accessor" else 6)
        assert checks(world, holder, send.split()[1])["source"] == source


def test_the_finder_with_an_impossible_task_stops_at_the_synthesis_deadline(
        tmp_path: Path) -> None:
    from selfpy.synthesis import finder

    assert finder.SEARCH_SECONDS > 1  # the finder's own limit would let it run longer
    with world_with(image=tmp_path / "f.image") as world:
        world.execute(ONLY.format("finder") + ". pLLM deadline: 1. "
                      "traits integer expects: 'odd2' examples: {'3 odd2 = 987654'. '5 odd2 = 12'}")
        before = fingerprint(world)
        answer, elapsed = timed(world, "[3 odd2] on: error do: [:e | e messageText]")
        assert "3 does not understand #odd2" in answer
        assert elapsed < 1 + MARGIN, elapsed
        assert fingerprint(world) == before
        assert any(n.endswith("the finder ran out of time (deadline 1 s)")
                   for n in world.notices), world.notices


class SlowThenAnswers(Scripted):
    """A model that takes most of the deadline, then answers a constant (which passes the
    example but `auto` must refuse) and a body that loops."""

    def __init__(self, seconds: float) -> None:
        super().__init__("( 27 )", "( [true] whileTrue. 1 )")
        self.seconds = seconds

    def sample(self, messages: list[dict], grammar: str | None, count: int, seed: int,
               temperature: float, max_tokens: int) -> list[model.Sample]:
        time.sleep(self.seconds)  # a slow model: the time it takes is the point here
        return super().sample(messages, grammar, count, seed, temperature, max_tokens)


def test_under_auto_one_deadline_covers_a_refused_winner_and_the_search_after_it(
        tmp_path: Path) -> None:
    # `auto` refuses the constant after every stage passed it (its own stage is removed
    # here), then looks for the next winner: still within the same 3 s, not 3 s more
    world = world_with(image=tmp_path / "a.image")
    world.runtime.model_backend = SlowThenAnswers(2.4)
    with world:
        world.execute("pLLM stages: (pLLM stages reject: [:s | s name = 'auto']). "
                      "pLLM seconds: 60; deadline: 3. "
                      "traits integer expects: 'cubed' examples: {'3 cubed = 27'}")
        before = fingerprint(world)
        answer, elapsed = timed(world, CAUGHT)
        assert "3 does not understand #cubed" in answer
        assert elapsed < 3 + MARGIN, elapsed  # a fresh deadline would make it 5.4 s at least
        assert fingerprint(world) == before
        assert any("the trial of model sample 2 ran out of time (deadline 3 s)" in n
                   for n in world.notices), world.notices


class _Stalling(BaseHTTPRequestHandler):
    """A model server that reads the request, then answers nothing (`trickle`: sends the
    headers and then one byte of the body every 0.2 s, for ever)."""

    asked: list[dict] = []
    trickle = False
    released = threading.Event()

    def do_POST(self) -> None:
        type(self).asked.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        if type(self).trickle:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            while not type(self).released.wait(0.2):
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    return
            return
        type(self).released.wait(120)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(params=[False, True], ids=["silent", "trickling"])
def stalling_server(request: pytest.FixtureRequest) -> Iterator[str]:
    _Stalling.asked, _Stalling.trickle = [], request.param
    _Stalling.released = threading.Event()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Stalling)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    _Stalling.released.set()
    httpd.shutdown()
    httpd.server_close()


def test_a_model_server_that_stalls_mid_request_obeys_the_deadline(
        tmp_path: Path, stalling_server: str) -> None:
    with selfpy.World(tmp_path / "h.image", synthesize="auto") as world:
        world.runtime.notify = world.notices.append
        world.execute(ONLY.format("model") + ". " + CUBED)
        world.execute(f"pLLM backend: 'http'; url: '{stalling_server}'; deadline: 1; "
                      "httpTimeout: 60")
        before = fingerprint(world)
        answer, elapsed = timed(world, CAUGHT)
        assert "3 does not understand #cubed" in answer
        assert elapsed < 1 + MARGIN, elapsed
        assert fingerprint(world) == before
        assert "Write `cubed` for 3" in _Stalling.asked[0]["prompt"]  # it was really asked
        assert any(n.endswith("ran out of time (deadline 1 s)") for n in world.notices), \
            world.notices


@pytest.mark.parametrize("part", [
    "pLLM stages addFirst: (| parent* = traits synthesisStage. name = 'loops'. "
    "judge: c for: r = ( [ true ] whileTrue. pass ) |)",
    "pLLM sources addFirst: (| parent* = traits synthesisSource. name = 'loops'. "
    "candidatesFor: r = ( [ true ] whileTrue. {} ) |)",
], ids=["stage", "source"])
def test_a_user_part_that_loops_ends_at_the_deadline(tmp_path: Path, part: str) -> None:
    # its own budget (pLLM seconds) is a minute here: the synthesis's deadline stops it
    with world_with("( self * self )", image=tmp_path / "u.image") as world:
        world.execute(CUBED + "pLLM seconds: 60; deadline: 1. " + part)
        before = fingerprint(world)
        answer, elapsed = timed(world, CAUGHT)
        assert "3 does not understand #cubed" in answer
        assert elapsed < 1 + MARGIN, elapsed
        assert fingerprint(world) == before
        kind = "stage" if "Stage" in part else "source"
        assert any(n.endswith(f"{kind} 'loops' ran out of time (deadline 1 s)")
                   for n in world.notices), world.notices
        assert world.eval("3 + 4") == 7
