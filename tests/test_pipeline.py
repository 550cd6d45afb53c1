"""The synthesis pipeline as objects in the image: `pLLM sources` and `pLLM stages`.

A user reorders, removes and adds sources and stages written in selfpy, and
the next not-understood message uses them; a user's source or stage that
fails or loops is stopped by the budget, reported, and left out. The model
is scripted (see test_synthesis.py) so that the decisions are deterministic;
everything else is the real pipeline, and one test uses the real REPL.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pexpect
import pytest
from test_synthesis import CUBED, checks, fingerprint, world_with

import selfpy
from selfpy.errors import NotUnderstoodError, SelfpyError
from selfpy.synthesis.pipeline import Proposal

WORDY = "( (self * self) * self + 0 + 0 )"  # right, with four sends
TERSE = "( self * self * self )"  # right, with two
AT_MOST_THREE = ("pLLM stages addFirst: (| parent* = traits synthesisStage. "
                 "name = 'at most three sends'. judge: c for: r = ( "
                 "c sends size > 3 ifTrue: [ refuse: 'more than three sends' ] "
                 "ifFalse: [ pass: c sends size printString , ' sends' ] ) |)")


def test_the_pipeline_is_a_list_of_objects_in_the_image() -> None:
    with selfpy.World() as world:
        assert world.eval("pLLM sources asVector collect: [:s | s name]").to_python() == \
            ["accessor", "retrieved", "finder", "model"]
        assert world.eval("pLLM stages asVector collect: [:s | s name]").to_python() == \
            ["parse", "recursion", "primitives", "trial", "examples", "auto"]
        assert world.eval("(pLLM stageNamed: 'trial') printString") == "stage trial"
        assert world.eval("(pLLM stages first refuse: 'no') printString") == "refused (no)"
        # the names of before format 4 still work, both ways
        world.execute("pLLM candidateSources: {'model'. 'accessor'}")
        assert world.eval("pLLM candidateSources").to_python() == ["model", "accessor"]
        with pytest.raises(Exception, match="no built-in source named 'oracle'"):
            world.execute("pLLM candidateSources: {'oracle'}")


def test_a_user_stage_changes_the_outcome_at_the_next_message() -> None:
    with world_with(WORDY, TERSE) as world:
        assert world.eval(CUBED + "3 cubed") == 27
        assert world.eval("traits integer methodSourceAt: 'cubed'") == WORDY
        world.execute(AT_MOST_THREE)
        world.execute("traits integer removeSlot: 'cubed'")
        assert world.eval("4 cubed") == 64
        assert world.eval("traits integer methodSourceAt: 'cubed'") == TERSE
        provenance = checks(world, "traits integer", "cubed")
        assert provenance["checks"][0] == "at most three sends: passed (2 sends)"
        assert world.runtime.synthesis_log[-1]["tried"] == 2  # the wordy one was refused


def test_a_user_source_changes_the_outcome_at_the_next_message() -> None:
    tenfold = ("pLLM sources addFirst: (| parent* = traits synthesisSource. name = 'tenfold'. "
               "candidatesFor: r = ( {'( self * 10 )'} ) |)")
    with world_with("( self + 18 )") as world:
        world.execute("traits integer expects: 'tenfold' examples: {'2 tenfold = 20'}")
        assert world.eval("2 tenfold") == 20  # the model's, right on the example
        world.execute("traits integer removeSlot: 'tenfold'")
        world.execute(tenfold)
        assert world.eval("3 tenfold") == 30
        provenance = checks(world, "traits integer", "tenfold")
        assert (provenance["source"], provenance["why"]) == ("tenfold",
                                                             "proposed by source tenfold")
        assert len(world.runtime.model_backend.asked) == 1  # not asked the second time


def test_a_source_that_always_proposes_todo_is_shown_to_the_user() -> None:
    todo = ("pLLM sources: (list copy add: (| parent* = traits synthesisSource. "
            "name = 'todo'. candidatesFor: r = ( {'( self error: ''todo'' )'} ) |); yourself)")
    shown: list[Proposal] = []

    def asker(proposal: Proposal) -> tuple[str, object]:
        shown.append(proposal)
        return "reject", None

    with world_with("( 1 )", policy="ask") as world:
        world.execute(todo)
        world.asker = asker
        with pytest.raises(NotUnderstoodError):
            world.eval("3 frobnicate")
        tried = shown[0].tried
        assert [(c.origin, c.body) for c in tried] == [("todo", "( self error: 'todo' )")]
        assert (tried[0].failure.stage, tried[0].failure.note) == ("trial", "todo")
        assert world.runtime.model_backend.asked == []  # the model is no source any more


def test_removing_and_reordering_built_in_sources() -> None:
    setup = ("lobby addSlots: (| point = (| parent* = traits clonable. x <- 3. y <- 4 |) |). "
             "point expects: 'getX' examples: {'point getX = 3'}. ")
    with world_with("( x )") as world:
        world.execute(setup + "pLLM sources: (pLLM sources reject: [:s | s name = 'accessor'])")
        assert world.eval("point getX") == 3
        assert checks(world, "point", "getX")["source"] == "model"
        world.execute("point removeSlot: 'getX'. "
                      "pLLM sources addFirst: (pLLM builtinSources detect: [:s | "
                      "s name = 'accessor'])")
        assert world.eval("point getX") == 3
        assert checks(world, "point", "getX")["source"] == "accessor"


def test_a_looping_user_stage_is_stopped_reported_and_left_out() -> None:
    loops = ("pLLM stages addFirst: (| parent* = traits synthesisStage. name = 'loops'. "
             "judge: c for: r = ( [ true ] whileTrue. pass ) |)")
    with world_with("( self + 1 )", TERSE) as world:
        world.execute("pLLM seconds: 0.5. " + loops)
        started = time.monotonic()
        assert world.eval(CUBED + "3 cubed") == 27
        assert time.monotonic() - started < 10  # one stop of half a second, not one a candidate
        notes = world.runtime.synthesis_log[-1]["notes"]
        assert len(notes) == 1
        assert re.fullmatch(r"stage 'loops' was stopped: ran (out of time|longer than 0.5 s); "
                            "synthesis went on without it", notes[0])
        assert world.notices == [f"synthesis: {notes[0]}"]  # said at once, under auto
        provenance = checks(world, "traits integer", "cubed")
        assert provenance["checks"][0] == "loops: skipped (stopped earlier in this synthesis)"
        assert world.eval("3 + 4") == 7


def test_a_failing_user_source_and_stage_are_reported_and_synthesis_goes_on() -> None:
    broken = ("pLLM sources addFirst: (| parent* = traits synthesisSource. name = 'broken'. "
              "candidatesFor: r = ( 1 / 0 ) |). "
              "pLLM stages addFirst: (| parent* = traits synthesisStage. name = 'confused'. "
              "judge: c for: r = ( c zork ) |). "
              "pLLM stages addFirst: (| parent* = traits synthesisStage. name = 'mute'. "
              "judge: c for: r = ( 42 ) |)")
    with world_with(TERSE) as world:
        world.execute(broken)
        assert world.eval(CUBED + "3 cubed") == 27
        notes = world.runtime.synthesis_log[-1]["notes"]
        assert notes[0].startswith("source 'broken' was stopped: ")
        assert "division by zero" in notes[0].lower() or "zero" in notes[0]
        assert "stage 'mute' was stopped: answered 42, not a verdict" in notes[1]
        assert "stage 'confused' was stopped: " in notes[2] and "#zork" in notes[2]
        assert world.eval("3 respondsTo: 'zork'") is False  # no synthesis inside a stage


def test_what_a_user_stage_changes_is_rolled_back(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture) -> None:
    nosy = ("lobby addSlots: (| seen = list copy |). "
            "pLLM stages addFirst: (| parent* = traits synthesisStage. name = 'nosy'. "
            "judge: c for: r = ( seen add: c body. 'peek' printLine. pass ) |)")
    with world_with(TERSE, image=tmp_path / "n.image") as world:
        world.execute(nosy + ". " + CUBED)
        assert world.eval("3 cubed") == 27
        assert world.eval("seen size") == 0
        assert "peek" not in capsys.readouterr().out  # its output is kept from the user
        world.execute("pLLM stages addFirst: (| parent* = traits synthesisStage. "
                      "name = 'no'. judge: c for: r = ( seen add: 1. false ) |). "
                      "traits integer expects: 'squaredTwice' examples: {'1 squaredTwice = 1'}")
        before = fingerprint(world)
        with pytest.raises(NotUnderstoodError):
            world.eval("3 squaredTwice")
        assert fingerprint(world) == before  # a failed synthesis leaves the image as it was


def test_a_user_stage_can_hand_a_candidate_to_a_built_in_one() -> None:
    strict = ("pLLM stages: (list copy add: (| parent* = traits synthesisStage. "
              "name = 'parse, then trial'. judge: c for: r = ( | v | "
              "v := (pLLM stageNamed: 'parse') judge: c for: r. "
              "v passed ifFalse: [ ^ v ]. (pLLM stageNamed: 'trial') judge: c for: r ) |); "
              "add: (pLLM stageNamed: 'examples'); yourself)")
    with world_with("( self +", "( self zork )", TERSE) as world:
        world.execute(strict)
        assert world.eval(CUBED + "2 cubed") == 8
        assert checks(world, "traits integer", "cubed")["checks"] == [
            "parse, then trial: passed (answered 8)",
            "examples: passed (3 cubed = 27; 0 cubed = 0)"]


def test_a_user_source_and_stage_at_the_real_repl(tmp_path: Path) -> None:
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "selfpy", "--image", str(tmp_path / "r.image"),
                                           "--synthesize", "auto"],
                          encoding="utf-8", timeout=120, dimensions=(40, 200), env=env)
    lines = [
        "pLLM sources: (list copy add: (| parent* = traits synthesisSource. name = 'mine'. "
        "candidatesFor: r = ( {'( self * 100 )'. '( self * 10 )'} ) |); yourself). 0",
        "pLLM stages addFirst: (| parent* = traits synthesisStage. name = 'no hundreds'. "
        "judge: c for: r = ( (c body includesSubstring: '100') ifTrue: [ refuse: 'too big' ] "
        "ifFalse: [ pass ] ) |). 1",
        "traits integer expects: 'tenfold' examples: {'2 tenfold = 20'}. 2",
        "7 tenfold",
        "(((reflect: traits integer) provenanceOf: 'tenfold') at: 'source') asUppercase",
    ]
    expected = ["0", "1", "2", "70", "'MINE'"]  # the source of 100s was refused by the stage
    for line, answer in zip(lines, expected, strict=True):
        child.expect("selfpy>")
        time.sleep(0.3)
        child.send(line + "\r")
        child.expect(f"(\\n|m){re.escape(answer)}(\x1b\\[0m)?\\r")
    child.expect("selfpy>")
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_pipeline_that_is_not_a_list_of_parts_says_so() -> None:
    with world_with(TERSE) as world:
        world.execute("pLLM sources: 3. " + CUBED)
        with pytest.raises(SelfpyError, match="pLLM sources is 3, not a list"):
            world.eval("3 cubed")
        world.execute("pLLM sources: pLLM builtinSources asList. pLLM stages add: 3")
        assert world.eval("3 cubed") == 27
        assert world.runtime.synthesis_log[-1]["notes"] == [
            "stage '3' was stopped: 3 does not understand #judge:for:; synthesis went on "
            "without it"]


# The provenance of cubed, as one string: its source, then each stage's verdict by name.
PROVENANCE = ("| p | p := (reflect: traits integer) provenanceOf: 'cubed'. "
              "(p at: 'checks') inject: (p at: 'source') into: [:all :v | all , '; ' , v]")


def test_a_user_reshapes_the_pipeline_at_the_real_repl(tmp_path: Path) -> None:
    """Remove, add, reorder, at a terminal under `ask`: each change shows at the next
    not-understood message, and the provenance names the source and every stage."""
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "selfpy", "--image", str(tmp_path / "p.image"),
                                           "--synthesize", "ask"],
                          encoding="utf-8", timeout=120, dimensions=(40, 250), env=env)

    def typed(line: str, *shown: str) -> None:
        child.expect("selfpy>")
        child.send(line + "\r")
        for text in shown:
            child.expect_exact(text)

    # removed: the model; added first: a source that always proposes a todo
    typed("pLLM sources: (pLLM sources reject: [:s | s name = 'model']). "
          "(pLLM sources asVector collect: [:s | s name]) printString",
          "'{''accessor''. ''retrieved''. ''finder''}'")
    typed("pLLM sources addFirst: (| parent* = traits synthesisSource. name = 'todo'. "
          "candidatesFor: r = ( {'( self error: ''todo'' )'} ) |). "
          "pLLM sources first name asUppercase", "'TODO'")
    typed("3 frobnicate")
    child.expect("example>")
    child.send("\r")  # no example: only the todo source has something
    child.expect_exact("no candidate passed the checks (tried 1)")
    child.expect_exact("todo ( self error: 'todo' )  -- trial: todo")
    child.expect("synthesis>")
    child.send("r\r")
    child.expect_exact("3 does not understand #frobnicate")
    # the todo source out, one of two bodies in; a stage that refuses more than three sends
    typed("pLLM sources removeFirst. pLLM sources addFirst: (| parent* = traits "
          "synthesisSource. name = 'mine'. candidatesFor: r = ( {'" + WORDY + "'. '" + TERSE
          + "'} ) |). " + AT_MOST_THREE + ". "
          "traits integer expects: 'cubed' examples: {'3 cubed = 27'}. 'rea' , 'dy'", "'ready'")
    typed("4 cubed", "candidate 2 of 2 tried, from mine",  # the method is shown in colour
          "passed: at most three sends (2 sends), parse")
    child.expect("synthesis>")
    child.send("a\r")
    child.expect_exact("64")
    typed("traits integer methodSourceAt: 'cubed'", repr(TERSE))
    typed(PROVENANCE, "'mine; at most three sends: passed (2 sends); parse: passed; "
                      "recursion: passed; primitives: passed; trial: passed (answered 64); ")
    # reordered: the stage last; added first: a stage that loops, stopped by the budget
    typed("pLLM stages addLast: pLLM stages removeFirst. pLLM stages addFirst: (| parent* = "
          "traits synthesisStage. name = 'loops'. judge: c for: r = ( [ true ] whileTrue. "
          "pass ) |). pLLM seconds: 0.5. traits integer removeSlot: 'cubed'. "
          "(pLLM stages asVector collect: [:s | s name]) printString",
          "'at most three sends''}'")
    typed("5 cubed", "from mine", "passed: loops (stopped earlier in this synthesis), parse",
          "at most three sends (2 sends)", "stage 'loops' was stopped: ran")
    child.expect("synthesis>")
    child.send("a\r")
    child.expect_exact("125")
    typed(PROVENANCE, "'mine; loops: skipped (stopped earlier in this synthesis); parse: "
                      "passed", "; at most three sends: passed (2 sends)'")
    child.expect("selfpy>")
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
