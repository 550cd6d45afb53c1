"""Synthesis decisions, made deterministic with a scripted model backend.

The scripted backend stands in for the model only; everything else (the
handler in the image, candidates from the image, the crucible with its
savepoints and budgets, installation, history) is the real thing. The real
model and the HTTP backend have their own tests in test_model.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import selfpy
from selfpy.errors import NotUnderstoodError
from selfpy.synthesis import crucible, model
from selfpy.synthesis.pipeline import Proposal

CUBED = "traits integer expects: 'cubed' examples: {'3 cubed = 27'. '0 cubed = 0'}. "


class Scripted:
    """A model that answers the given method bodies, in order."""

    def __init__(self, *bodies: str, fail: str | None = None) -> None:
        self.bodies = list(bodies)
        self.fail = fail
        self.asked: list[list[dict]] = []

    def describe(self) -> str:
        return "scripted"

    def digest(self) -> str:
        return "0" * 64

    def sample(self, messages: list[dict], grammar: str | None, count: int, seed: int,
               temperature: float, max_tokens: int) -> list[model.Sample]:
        self.asked.append(messages)
        if self.fail:
            raise model.ModelError(self.fail)
        return [model.Sample(body, seed + i) for i, body in enumerate(self.bodies)]


# The sources these tests are about: the finder (test_finder.py) would find some of the
# methods before the model is asked. (The list in this order, not the older default
# {'accessor'. 'retrieved'. 'model'}, which means the default with the finder.)
NO_FINDER = "pLLM candidateSources: {'retrieved'. 'accessor'. 'model'}"


def world_with(*bodies: str, policy: str = "auto", image: Path | None = None,
               **options: object) -> selfpy.World:
    world = selfpy.World(image, synthesize=policy)
    world.runtime.configure(model_backend=Scripted(*bodies, **options), notify=world.notices.append)
    world.execute(NO_FINDER)
    return world


def checks(world: selfpy.World, holder: str, selector: str) -> dict:
    return world.eval(f"(reflect: {holder}) provenanceOf: '{selector}'").to_python()


def rejections(world: selfpy.World) -> list[tuple[str, str, str]]:
    """(body, stage, reason) of every candidate the last synthesis rejected."""
    return world.runtime.synthesis_log[-1]["rejected"]


def fingerprint(world: selfpy.World) -> tuple:
    storage = world.db.storage
    return world.db.lastTransaction(), storage.getSize(), len(storage)


def test_a_wrong_candidate_is_rejected_by_the_examples() -> None:
    with world_with("( self + 1 )", "( self * self * self )") as world:
        assert world.eval(CUBED + "4 cubed") == 64
        provenance = checks(world, "traits integer", "cubed")
        assert provenance["source"] == "model"
        assert provenance["why"] == "sample 2"
        # every stage of pLLM stages, by name, with its verdict
        assert provenance["checks"] == [
            "parse: passed", "recursion: passed", "primitives: passed",
            "trial: passed (answered 64)", "example 3 cubed = 27: passed",
            "example 0 cubed = 0: passed", "effects: passed",
            "examples: passed (3 cubed = 27; 0 cubed = 0)", "auto: passed"]
        assert provenance["approved by"] == "policy auto"
        assert provenance["model"] == "scripted"
        assert len(provenance["prompt sha256"]) == 64
        assert world.eval("traits integer methodSourceAt: 'cubed'") == "( self * self * self )"
        log = world.runtime.synthesis_log[-1]
        assert (log["tried"], log["installed"], log["source"]) == (2, True, "model")
        assert log["rejected"] == [("( self + 1 )", "example 3 cubed = 27",
                                    "answered false, not true")]


def test_a_candidate_that_sends_the_missing_selector_to_itself_is_rejected() -> None:
    with world_with("( self cubed )", "( cubed )", "( self * self * self )") as world:
        assert world.eval(CUBED + "2 cubed") == 8
        assert world.runtime.synthesis_log[-1]["tried"] == 3
        reason = "sends #cubed to itself, the message it should answer"
        assert rejections(world) == [("( self cubed )", "recursion", reason),
                                     ("( cubed )", "recursion", reason)]


# Each would pass the examples if it were allowed (the test below lifts the bans to show
# it): what stops it is the static check, and the rejection says so.
BANNED = [
    ("( system. self * self * self )", "sends #system, which synthesized code may not use"),
    ("( lobby. self * self * self )", "sends #lobby, which synthesized code may not use"),
    ("( pLLM. self * self * self )", "sends #pLLM, which synthesized code may not use"),
    ("( _Print: 'leak'. self * self * self )",
     "uses the primitive _Print:, which is not allowed in synthesized code"),
    ("( (self perform: 'yourself') * self * self )",
     "sends #perform:, which synthesized code may not use"),
]



@pytest.mark.parametrize(("body", "reason"), BANNED)
def test_forbidden_primitives_and_globals_are_rejected(body: str, reason: str) -> None:
    with world_with(body) as world:
        with pytest.raises(NotUnderstoodError, match="2 does not understand #cubed"):
            world.eval(CUBED + "2 cubed")
        assert rejections(world) == [(body, "primitives", reason)]
        assert any("none of 1 candidates for #cubed passed" in n for n in world.notices)


# Printing is also refused by what the trial observes (test_sandbox.py), so without the
# text filter it would still fail: it is left out here.
@pytest.mark.parametrize(("body", "reason"), [b for b in BANNED if "_Print:" not in b[0]])
def test_without_the_bans_each_forbidden_candidate_would_pass(
        body: str, reason: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crucible, "FORBIDDEN_GLOBALS", frozenset())
    monkeypatch.setattr(crucible, "FORBIDDEN_SELECTORS", frozenset())
    monkeypatch.setattr(crucible, "OUTSIDE_PRIMITIVES", frozenset())
    with world_with(body) as world:
        assert world.eval(CUBED + "2 cubed") == 8
        assert world.eval("traits integer methodSourceAt: 'cubed'") == body


def test_infinite_loops_and_deep_recursion_are_stopped_by_the_budget() -> None:
    bodies = ("( [true] whileTrue: [ ]. 0 )",
              "( | n | n := 0. [n >= 0] whileTrue: [n := n + 1]. n )",
              "( (self + 1) cubed )", "( self * self * self )")
    with world_with(*bodies) as world:
        # the step budget is far below the stack limit, so the budget, not the stack,
        # has to stop the endless recursion
        world.eval("pLLM seconds: 0.5; steps: 5000")
        assert world.eval(CUBED + "3 cubed") == 27
        assert world.runtime.synthesis_log[-1]["tried"] == 4
        stopped = rejections(world)
        assert [body for body, _, _ in stopped] == list(bodies[:3])
        assert all(stage == "trial" for _, stage, _ in stopped)
        assert stopped[0][2] == stopped[1][2] == "ran longer than 0.5 s"  # no calls: the timer
        assert stopped[2][2] == "used more than 5000 steps"
        assert world.eval("3 + 4") == 7  # the session goes on


def test_a_not_understood_send_inside_a_candidate_is_an_ordinary_error() -> None:
    with world_with("( self zork )", "( self * self * self )") as world:
        assert world.eval(CUBED + "3 cubed") == 27
        assert rejections(world) == [("( self zork )", "trial", "3 does not understand #zork")]
        # zork was not synthesized while checking cubed
        assert world.eval("3 respondsTo: 'zork'") is False


def test_trial_runs_are_rolled_back() -> None:
    setup = ("lobby addSlots: (| account = (| parent* = traits clonable. balance <- 100 |) |). "
             "account expects: 'bonus' examples: {'account bonus = 5'}. ")
    with world_with("( balance: 999. 0 )", "( balance - 95 )") as world:
        world.execute(setup)
        assert world.eval("account bonus") == 5
        assert rejections(world) == [("( balance: 999. 0 )", "example account bonus = 5",
                                      "answered false, not true")]
        assert world.eval("account balance") == 100  # the first candidate's change is gone


def test_rejection_leaves_the_image_as_it_was(tmp_path: Path) -> None:
    with world_with("( self * self * self )", policy="ask", image=tmp_path / "r.image") as world:
        world.eval("traits integer expects: 'cubed' examples: {'3 cubed = 27'}")
        shown: list[Proposal] = []

        def reject(proposal: Proposal) -> tuple[str, object]:
            shown.append(proposal)
            return "reject", None
        world.asker = reject
        before = fingerprint(world)
        with pytest.raises(NotUnderstoodError, match="3 does not understand #cubed"):
            world.eval("3 cubed")
        assert fingerprint(world) == before
        assert shown[0].candidate.body == "( self * self * self )"
        assert shown[0].holder_names[shown[0].holder] == "traits integer"


def test_a_failing_model_leaves_the_image_as_it_was(tmp_path: Path) -> None:
    with world_with(image=tmp_path / "m.image", fail="server on fire") as world:
        world.eval("traits integer expects: 'cubed' examples: {'3 cubed = 27'}")
        before = fingerprint(world)
        with pytest.raises(NotUnderstoodError):
            world.eval("3 cubed")
        assert fingerprint(world) == before
        assert any("model: server on fire" in n for n in world.notices)


def test_auto_installs_nothing_without_examples() -> None:
    with world_with("( self * self * self )") as world:
        with pytest.raises(NotUnderstoodError):
            world.eval("3 cubed")
        assert any("has no examples" in n for n in world.notices)
        assert world.runtime.model_backend.asked == []  # the model was not even asked


def test_never_is_the_default_for_embedding() -> None:
    with selfpy.World() as world:
        world.runtime.configure(model_backend=Scripted("( 1 )"))
        world.execute(CUBED)
        with pytest.raises(NotUnderstoodError):
            world.eval("3 cubed")
        assert world.runtime.model_backend.asked == []


def test_accessors_come_before_the_model() -> None:
    setup = ("lobby addSlots: (| point = (| parent* = traits clonable. x <- 3. y <- 4 |) |). "
             "point expects: 'getX' examples: {'point getX = 3'}. ")
    with world_with("( 42 )") as world:
        world.execute(setup)
        assert world.eval("(point clone x: 8) getX") == 8  # the clone got it too
        assert checks(world, "point", "getX")["source"] == "accessor"
        assert world.runtime.model_backend.asked == []


def test_a_method_elsewhere_in_the_image_is_retrieved() -> None:
    setup = ("traits float addSlots: (| twice = ( self + self ) |). "
             "traits integer expects: 'twice' examples: {'4 twice = 8'}. ")
    with world_with("( 0 )") as world:
        world.execute(setup)
        assert world.eval("21 twice") == 42
        provenance = checks(world, "traits integer", "twice")
        assert (provenance["source"], provenance["why"]) == ("retrieved", "as traits float twice")


def test_similar_methods_become_examples_in_the_prompt() -> None:
    setup = ("traits integer addSlots: (| doubleIt = ( self * 2 ) |). "
             "traits integer expects: 'tripleIt' examples: {'2 tripleIt = 6'}. ")
    with world_with("( self * 3 )") as world:
        world.execute(setup)
        assert world.eval("5 tripleIt") == 15
        chat = world.runtime.model_backend.asked[0]
        assert {"role": "assistant", "content": "( self * 2 )"} in chat
        assert "Write `tripleIt` for 5 (traits integer). Examples: 2 tripleIt = 6." == \
            chat[-1]["content"]


def test_installed_methods_have_history_and_survive_reopening(tmp_path: Path) -> None:
    image = tmp_path / "h.image"
    with world_with("( self * self * self )", image=image) as world:
        world.eval(CUBED + "2 cubed")
        changes = world.eval("((reflect: traits integer) historyOf: 'cubed') first origin")
        assert changes == "synthesis"
    with selfpy.World(image) as again:
        assert again.eval("5 cubed") == 125
        assert again.eval("((reflect: traits integer) provenanceOf: 'cubed') at: 'source'") == \
            "model"


def test_the_handler_is_selfpy_code_a_user_can_change() -> None:
    with world_with("( self * self * self )") as world:
        world.execute(CUBED)
        world.execute("pLLM candidateSources: {'accessor'}")  # no model, no retrieval
        with pytest.raises(NotUnderstoodError):
            world.eval("3 cubed")
        assert world.runtime.model_backend.asked == []
        world.execute("pLLM candidateSources: {'model'}")
        world.execute("traits root addSlots: (| "
                      "doesNotUnderstand: m = ( 'caught ' , m selector ) |)")
        assert world.eval("3 cubed") == "caught cubed"  # the user's handler, live


def ask(*answers: tuple[str, object]) -> tuple[list[Proposal], object]:
    shown: list[Proposal] = []
    queue = list(answers)

    def asker(proposal: Proposal) -> tuple[str, object]:
        shown.append(proposal)
        return queue.pop(0)
    return shown, asker


def test_asking_next_then_accept() -> None:
    with world_with("( 27 )", "( self * self * self )", policy="ask") as world:
        shown, world.asker = ask(("next", None), ("accept", None))
        assert world.eval("3 cubed") == 27
        assert [p.candidate.body for p in shown] == ["( 27 )", "( self * self * self )"]
        assert checks(world, "traits integer", "cubed")["approved by"] == "user"


def test_asking_an_example_rules_out_a_wrong_candidate() -> None:
    with world_with("( 27 )", "( self * self * self )", policy="ask") as world:
        shown, world.asker = ask(("example", "2 cubed = 8"), ("accept", None))
        assert world.eval("3 cubed") == 27
        assert shown[1].candidate.body == "( self * self * self )"
        assert checks(world, "traits integer", "cubed")["examples"] == ["2 cubed = 8"]


def test_asking_edit_is_checked_again() -> None:
    with world_with("( 27 )", policy="ask") as world:
        shown, world.asker = ask(("edit", "( self cubed )"), ("edit", "( self * self * self )"),
                                 ("accept", None))
        assert world.eval("4 cubed") == 64
        assert shown[1].candidate is None  # the recursive edit failed its checks
        assert shown[1].tried[-1].failure.stage == "recursion"
        assert checks(world, "traits integer", "cubed")["source"] == "edited"


def test_asking_a_stub_installs_a_method_that_says_so() -> None:
    with world_with(policy="ask") as world:
        world.asker = ask(("stub", None))[1]
        with pytest.raises(selfpy.SelfpyError, match="cubed should be implemented"):
            world.eval("3 cubed")


def test_asking_for_another_place() -> None:
    setup = ("lobby addSlots: (| shape = (| parent* = traits clonable |) |). "
             "lobby addSlots: (| box = (| parent* = shape. side <- 2 |) |). ")
    with world_with("( side * side )", policy="ask") as world:
        world.execute(setup)
        shown, world.asker = ask(("place", 0), ("accept", None))
        assert world.eval("box area") == 4
        assert shown[0].holder_names[shown[0].holder] == "shape"  # the default: its traits
        assert shown[0].holder_names[0] == "box"
        assert world.eval("box includesSlot: 'area'") is True
        assert world.eval("shape includesSlot: 'area'") is False


def test_synthesis_in_a_script_with_examples(tmp_path: Path) -> None:
    script = tmp_path / "shop.self"
    script.write_text("lobby addSlots: (| cart = (| parent* = traits clonable. items <- 3 |) |).\n"
                      "cart expects: 'getItems' examples: {'cart getItems = 3'}.\n"
                      "cart getItems printLine.\n")
    from helpers import run
    never = run("--memory", str(script))
    assert never.returncode == 1 and "does not understand #getItems" in never.stderr
    auto = run("--memory", "--synthesize", "auto", str(script))
    assert auto.returncode == 0, auto.stderr
    assert auto.stdout == "3\n"
