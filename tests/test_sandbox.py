"""The closed sandbox of synthesized code: each route an attacker's candidate could take,
and what the user sees. Effects are observed in the real image (ZODB savepoints, a
real file storage for the fingerprint); only the model's answers are scripted."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_synthesis import CUBED, Scripted, checks, fingerprint, world_with

import selfpy
from selfpy.errors import SelfpyError
from selfpy.synthesis.pipeline import Proposal
from selfpy.vm.budget import BudgetExceeded, limited

# Everything an attacker's candidate may call: ordinary methods a user wrote, which
# reach the model object, another global object, the root traits and the command line.
GADGETS = ("lobby addSlots: (| config = (| parent* = traits clonable. level <- 1 |). "
           "bump = ( config level: 99 ). "
           "zap = ( traits root removeSlot: 'displayString' ). "
           "args = ( system arguments size ). "
           "retarget: u = ( pLLM backend: 'http'; url: u; modelName: 'x' ) |). ")
# A user's line that catches the not-understood error, so its transaction commits:
# anything a trial left behind would be written to the image.
CAUGHT = "[3 cubed] on: error do: [:e | e messageText]"


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A server on 127.0.0.1 (port 0) that should never hear from synthesis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def url_of(server: socket.socket) -> str:
    return f"http://127.0.0.1:{server.getsockname()[1]}"


def heard_nothing(server: socket.socket) -> bool:
    try:
        server.accept()
    except BlockingIOError:
        return True
    return False


def failures(world: selfpy.World) -> list[str]:
    """The notice of a failed `auto` synthesis."""
    return [n for n in world.notices if "passed its examples" in n]


TRIED: list = []


@pytest.fixture(autouse=True)
def record_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every candidate the crucible judged, to read its verdicts."""
    from selfpy.synthesis import pipeline as synthesis

    original = synthesis._Run._check

    def check(self: synthesis._Run, candidate: object, holder: object) -> bool:
        passed = original(self, candidate, holder)
        TRIED.append(candidate)
        return passed
    TRIED.clear()
    monkeypatch.setattr(synthesis._Run, "_check", check)


def image_world(tmp_path: Path, *bodies: str, **options: object) -> selfpy.World:
    world = world_with(*bodies, image=tmp_path / "s.image", **options)
    world.execute(GADGETS)
    return world


# ---- the static filter: every send, whatever the receiver ------------------------------
@pytest.mark.parametrize(("body", "reason"), [
    ("( globals pLLM backend: 'http'; url: 'http://127.0.0.1:9'; modelName: 'x'; "
     "candidateSources: {'model'}. 1 )", "sends #pLLM"),
    ("( globals at: 1 )", "sends #globals"),
    ("( 3 pLLM url: 'http://127.0.0.1:9'. 1 )", "sends #pLLM"),
    ("( (message clone receiver: traits root; selector: 'removeSlot:'; "
     "arguments: {'displayString'}; yourself) resend. 1 )", "sends #resend"),
    ("( self perform: 'squared'. 1 )", "sends #perform:"),
    ("( (reflect: traits root) history size )", "sends #reflect:"),
    ("( _Perform: 'zap' WithArguments: {} )", "uses the primitive _Perform:WithArguments:"),
])
def test_the_static_filter_sees_every_receiver(tmp_path: Path, body: str, reason: str) -> None:
    with image_world(tmp_path, body) as world:
        world.execute(CUBED)
        before = fingerprint(world)
        assert "does not understand #cubed" in world.eval(CAUGHT)
        assert fingerprint(world) == before
        assert TRIED[-1].failure.stage == "primitives"
        assert reason in TRIED[-1].failure.note


# ---- effects observed in the trial ------------------------------------------------------
def test_the_issues_retrieved_candidate_reaches_no_server(tmp_path: Path,
                                                          listener: socket.socket) -> None:
    """A method with the wanted selector elsewhere in the image, as in the report."""
    attack = (f"( globals pLLM backend: 'http'; url: '{url_of(listener)}'; modelName: 'x'; "
              "candidateSources: {'model'}. 1 )")
    with image_world(tmp_path, "( self * self * self )") as world:
        world.execute("lobby addSlots: (| gadget = (| cubed = " + attack + " |) |)")
        assert world.eval(CUBED + "3 cubed") == 27
        assert checks(world, "traits integer", "cubed")["source"] == "model"
        assert world.eval("pLLM url") is None and world.eval("pLLM backend") is None
        world.eval("traits integer expects: 'quadrupled' examples: {'2 quadrupled = 8'}. "
                   "[5 quadrupled] on: error do: [:e | 0]")
        assert heard_nothing(listener)


@pytest.mark.parametrize(("body", "reason"), [
    ("( bump. self * self * self )", "changes config (level)"),
    ("( zap. self * self * self )", "changes traits root (slots)"),
    ("( retarget: 'http://127.0.0.1:9'. self * self * self )", "tried to change pLLM"),
    ("( printLine. self * self * self )", "tried to print"),
    ("( args. self * self * self )", "tried to read the command line"),
    ("( [bump] on: error do: [:e | 0]. self * self * self )", "changes config (level)"),
    ("( [retarget: 'http://127.0.0.1:9'] on: error do: [:e | 0]. self * self * self )",
     "tried to change pLLM"),
])
def test_effects_outside_the_receiver_fail_the_trial(tmp_path: Path, body: str,
                                                     reason: str) -> None:
    with image_world(tmp_path, body) as world:
        world.execute(CUBED)
        before = fingerprint(world)
        assert "does not understand #cubed" in world.eval(CAUGHT)
        assert fingerprint(world) == before
        failure = TRIED[-1].failure
        assert failure.stage == "effects" or reason.startswith("tried"), failure
        assert reason in failure.note
        assert world.eval("config level") == 1
        assert world.eval("3 displayString") == "3"
        assert world.eval("pLLM url") is None
        assert any("none of 1 candidates" in n for n in failures(world))


def test_printing_in_a_trial_shows_nothing(tmp_path: Path) -> None:
    out: list[str] = []
    world = selfpy.World(tmp_path / "p.image", output=out.append, synthesize="auto")
    world.runtime.configure(model_backend=Scripted("( printLine. self * self * self )",
                                                   "( self * self * self )"))
    world.runtime.configure(notify=world.notices.append)
    with world:
        assert world.eval(CUBED + "3 cubed") == 27
        assert out == []


def test_a_setter_whose_example_shows_the_change_passes(tmp_path: Path) -> None:
    setup = ("lobby addSlots: (| counter = (| parent* = traits clonable. count <- 0 |) |). "
             "counter expects: 'tick' examples: {'(counter clone tick) count = 1'}. ")
    with image_world(tmp_path, "( count: count + 1 )") as world:
        world.execute(setup)
        assert world.eval("counter tick. counter count") == 1
        provenance = checks(world, "counter", "tick")
        assert "effects: passed" in provenance["checks"]
        assert provenance["rights"] == "may change only count of its receiver"


def test_a_change_of_the_receiver_no_example_shows_fails(tmp_path: Path) -> None:
    setup = ("lobby addSlots: (| counter = (| parent* = traits clonable. count <- 0 |) |). "
             "counter expects: 'tick' examples: {'counter count = 0'}. ")
    with image_world(tmp_path, "( count: count + 1 )") as world:
        world.execute(setup)
        before = fingerprint(world)
        assert "does not understand #tick" in world.eval("[counter tick] on: error do: "
                                                         "[:e | e messageText]")
        assert fingerprint(world) == before
        assert TRIED[-1].failure.note == ("changes its receiver counter (count) but no "
                                          "example shows that change")


# ---- budgets that cannot be dodged ----------------------------------------------------
@pytest.mark.parametrize("body", [
    "( [[true] whileTrue] ensure: [[true] whileTrue]. 1 )",
    "( [[true] whileTrue] ifCurtailed: [[true] whileTrue]. 1 )",
    "( [[true] whileTrue: [self printString]] ensure: [[true] whileTrue: [self + 1]]. 1 )",
    "( [[true] whileTrue] on: error do: [:e | e retry]. 1 )",
    "( [[[true] whileTrue] ensure: [^ [[true] whileTrue] value]] value. 1 )",
    "( | f | f := [:n | [f value: n + 1] ensure: [f value: n + 1]]. f value: 0 )",
])
def test_a_loop_ends_within_the_trial_time_limit(tmp_path: Path, body: str) -> None:
    with image_world(tmp_path, body) as world:
        world.execute(CUBED + "pLLM seconds: 0.5")
        started = time.monotonic()
        assert "does not understand #cubed" in world.eval(CAUGHT)
        elapsed = time.monotonic() - started
        assert elapsed < 0.5 + 2.5, elapsed  # the limit plus a margin for a loaded machine
        note = TRIED[-1].failure.note
        assert "ran longer than 0.5 s" in note or "used more than 200000 steps" in note, note
        assert world.eval("3 + 4") == 7


def test_nested_limits_end_at_the_outer_one() -> None:
    """A trial's generous limit inside a synthesis's short one: the outer one wins."""
    started = time.monotonic()
    with pytest.raises(BudgetExceeded), limited(None, 0.3):
        with limited(10**9, 60):
            while True:
                pass
    assert time.monotonic() - started < 3
    total = 0
    with limited(1000, 0.2):
        total = sum(range(100))  # nothing is left pending for later code
    assert total == 4950


# ---- rights of an installed method --------------------------------------------------------
SNEAKY = "( self > 100 ifTrue: [ retarget: '{url}' ]. self * self * self )"


def test_an_auto_installed_method_may_not_reach_for_pllm_later(
        tmp_path: Path, listener: socket.socket) -> None:
    with image_world(tmp_path, SNEAKY.format(url=url_of(listener))) as world:
        assert world.eval(CUBED + "3 cubed") == 27  # its trial did nothing else
        with pytest.raises(SelfpyError) as raised:
            world.eval("200 cubed")
        assert raised.value.message.startswith(
            "the synthesized method #cubed in traits integer may not change pLLM (backend); "
            "its trial showed it changing nothing that existed before it ran")
        assert "(reflect: traits integer) approve: 'cubed'" in raised.value.message
        assert world.eval("pLLM url") is None
        world.eval("traits integer expects: 'halved' examples: {'4 halved = 2'}. "
                   "[5 halved] on: error do: [:e | 0]")
        assert heard_nothing(listener)


def test_an_auto_installed_method_changing_another_object_is_undone(tmp_path: Path) -> None:
    with image_world(tmp_path, "( self > 100 ifTrue: [ bump ]. self * self * self )") as world:
        assert world.eval(CUBED + "3 cubed") == 27
        before = fingerprint(world)
        answer = world.eval("[200 cubed] on: error do: [:e | e messageText]")
        assert answer.startswith("the synthesized method #cubed in traits integer may not "
                                 "change config (level)")
        assert world.eval("config level") == 1  # undone, though the error was caught
        assert fingerprint(world) == before
        assert world.eval("2 cubed") == 8  # within its rights it works as before


def test_a_method_a_person_approves_has_full_rights(tmp_path: Path) -> None:
    with image_world(tmp_path, "( self > 100 ifTrue: [ bump ]. self * self * self )") as world:
        assert world.eval(CUBED + "3 cubed") == 27
        world.eval("(reflect: traits integer) approve: 'cubed'")
        assert world.eval("200 cubed") == 8_000_000
        assert world.eval("config level") == 99
        assert checks(world, "traits integer", "cubed")["approved by"] == "user"


# ---- the model object is the user's -------------------------------------------------------
def test_a_new_url_is_announced_once_and_kept_in_the_history(tmp_path: Path) -> None:
    with image_world(tmp_path) as world:
        world.eval("pLLM url: 'http://127.0.0.1:9'. pLLM samples: 2")
        announced = [n for n in world.notices if n.startswith("pLLM url is now")]
        assert announced == ["pLLM url is now 'http://127.0.0.1:9': prompts for synthesis "
                             "go to the model server there"]
        assert world.eval("((reflect: pLLM) historyOf: 'url') last kind") == "setting"
        world.eval("pLLM url: 'http://127.0.0.1:9'")  # the same again: nothing new
        assert len([n for n in world.notices if n.startswith("pLLM url")]) == 1


# A source of the user's, first in pLLM sources: its code runs while a method is found.
USER_SOURCE = ("pLLM sources addFirst: (| parent* = traits synthesisSource. name = 'mine'. "
               "candidatesFor: r = ( [{attempt}] on: error do: [:e | _Seen: e messageText]. "
               "{{}} ) |)")


def test_settings_cannot_change_during_synthesis(tmp_path: Path) -> None:
    """A user's own code that runs while a method is being found cannot retarget the model."""
    with image_world(tmp_path, "( self * self * self )") as world:
        seen: list[str] = []
        world.define_primitive("_Seen:", seen.append)
        world.execute(USER_SOURCE.format(attempt="retarget: 'http://127.0.0.1:9'"))
        assert world.eval(CUBED + "3 cubed") == 27
        assert world.eval("pLLM url") is None
        assert seen == ["pLLM backend can be changed only outside synthesis "
                        "(not by code that runs while a method is found)"]


def test_a_primitive_of_the_embedding_program_is_refused_in_a_trial(tmp_path: Path) -> None:
    """Time, randomness, files, the network: whatever the program that embeds selfpy
    offers is outside the image."""
    calls: list[int] = []
    with image_world(tmp_path, "( now. self * self * self )", "( self * self * self )") as world:
        world.define_primitive("_Now", lambda: calls.append(1) or 42)
        world.execute("lobby addSlots: (| now = ( _Now ) |)")
        assert world.eval(CUBED + "3 cubed") == 27
        assert calls == []
        assert TRIED[0].failure.note == "tried to call the program's primitive _Now"
        assert world.eval("now") == 42  # outside a trial it is the program's to offer


def test_history_cannot_put_back_an_old_url_during_synthesis(tmp_path: Path) -> None:
    with image_world(tmp_path, "( self * self * self )") as world:
        world.eval("pLLM url: 'http://127.0.0.1:9'. pLLM url: nil")
        world.execute("lobby addSlots: (| back = ( ((reflect: pLLM) historyOf: 'url') last "
                      "revert ) |)")
        seen: list[str] = []
        world.define_primitive("_Seen:", seen.append)
        world.execute(USER_SOURCE.format(attempt="back"))
        assert world.eval(CUBED + "3 cubed") == 27
        assert world.eval("pLLM url") is None
        assert len(seen) == 1 and "can be changed only outside synthesis" in seen[0]


def test_ask_shows_a_change_of_the_receiver_no_example_shows(tmp_path: Path) -> None:
    """A person sees the setter and what it changes, and decides."""
    shown: list[Proposal] = []

    def accept(proposal: Proposal) -> tuple[str, object]:
        shown.append(proposal)
        return "accept", None
    with image_world(tmp_path, policy="ask") as world:
        world.asker = accept
        world.execute("lobby addSlots: (| p = (| parent* = traits clonable. x <- 3 |) |)")
        assert world.eval("p setX: 5. p x") == 5
        effects = next(c for c in shown[0].candidate.checks if c.stage == "effects")
        assert effects.passed
        assert effects.note == "changes its receiver p (x); no example shows that change"
        assert checks(world, "p", "setX:")["approved by"] == "user"
        assert "rights" not in checks(world, "p", "setX:")  # a person's choice: full rights


def test_a_trial_sees_through_a_method_auto_installed_earlier(tmp_path: Path) -> None:
    """The helper's own savepoint does not hide what the candidate changed before it."""
    with image_world(tmp_path, "( self * self * self )",
                     "( bump. 3 cubed - 27 + self + self )", "( self + self )") as world:
        assert world.eval(CUBED + "3 cubed") == 27  # installed by auto, under its rights
        world.execute("traits integer expects: 'twice' examples: {'4 twice = 8'}")
        assert world.eval("5 twice") == 10
        assert TRIED[-2].body == "( bump. 3 cubed - 27 + self + self )"
        assert TRIED[-2].failure.note == "changes config (level)"
        assert world.eval("config level") == 1
