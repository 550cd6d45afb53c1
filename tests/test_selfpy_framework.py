"""The selfpy test framework and its pytest collector catch what a lax one lets pass:
an unasked not-understood error, a swallowed failure, a `^` that skips assertions, a file
without tests, a test that leaves the world changed, and a fixed order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import selfpy
from selfpy.tools.testrunner import IncompleteTest, changes, image_state, run

CONFTEST = (Path(__file__).resolve().parent / "conftest.py").read_text()


def selfpy_tests(pytester: pytest.Pytester, methods: str, *args: str) -> pytest.RunResult:
    """Run a `.self` test file holding `methods` in a test object, as pytest would."""
    pytester.makeconftest(CONFTEST)
    pytester.makefile(".self", test_sample=f"lobby addSlots: (| sampleTests = (|\n"
                                           f"    parent* = testCase.\n{methods}\n|) |).\n")
    return pytester.runpytest("-p", "no:cacheprovider", *args)


def test_should_raise_refuses_a_not_understood_error_it_was_not_asked_for(
        pytester: pytest.Pytester) -> None:
    result = selfpy_tests(pytester, """
    testTypo = ( should: [vector copySize: 10 raisedTo: 12] raise: error ).
    testAskedFor = ( should: [3 zork] raise: messageNotUnderstood ).
    testOtherError = ( should: [1 / 0] raise: error ).""")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*expected the block to raise error but it raised "
                                 "messageNotUnderstood: *does not understand #copySize:raisedTo:"])


def test_should_raise_saying_checks_the_text(pytester: pytest.Pytester) -> None:
    result = selfpy_tests(pytester, """
    testRight = ( should: [1 / 0] raise: zeroDivide saying: 'division' ).
    testWrongText = ( should: [1 / 0] raise: zeroDivide saying: 'overflow' ).
    testNotRaised = ( should: [1 / 1] raise: zeroDivide saying: 'division' ).""")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines_random([
        "*expected zeroDivide saying 'overflow' but it said 'division by zero'*",
        "*expected the block to raise zeroDivide*"])


def test_a_failed_assertion_cannot_be_swallowed(pytester: pytest.Pytester) -> None:
    result = selfpy_tests(pytester, """
    testOnError = ( [assert: 1 equals: 2] on: error do: [:e | nil] ).
    testOnFailure = ( [assert: 1 equals: 2] on: testFailure do: [:e | nil]. assert: true ).
    testErrorsStillCaught = ( assert: ([1 / 0] on: error do: [:e | 7]) equals: 7 ).""")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines_random([
        "*test_sample.self:4:*: expected 2 but got 1",
        "*expected 2 but got 1 (the failure was caught inside the test)*"])


def test_a_return_that_skips_assertions_is_reported(pytester: pytest.Pytester) -> None:
    result = selfpy_tests(pytester, """
    testEarly = ( assert: true. 3 > 2 ifTrue: [^ self]. assert: 1 equals: 2 ).
    testReturnAtTheEnd = ( assert: true. ^ self ).
    testLoopCountsMore = ( 1 to: 3 do: [:i | assert: i > 0]. 3 > 2 ifTrue: [^ self] ).
    testNothing = ( 3 + 4 ).""")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines_random([
        "*sampleTests testEarly returned with '^' after 1 of the 2 assertions it contains*",
        "*sampleTests testNothing made no assertions*"])


def test_a_file_without_tests_is_an_error(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makefile(".self", test_empty="lobby addSlots: (| helper = 3 |).\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*test_empty.self defines no tests*"])


def order(result: pytest.RunResult) -> list[str]:
    return re.findall(r"sampleTests>>(test\w+) PASSED", result.stdout.str())


def test_the_order_is_random_and_the_seed_repeats_it(pytester: pytest.Pytester) -> None:
    methods = "\n".join(f"    test{name} = ( assert: true )." for name in "ABCDEFGHIJ")
    first = selfpy_tests(pytester, methods, "-v", "--selfpy-seed", "11")
    first.stdout.fnmatch_lines(["selfpy test order: seed 11 (repeat with --selfpy-seed 11)"])
    again = pytester.runpytest("-p", "no:cacheprovider", "-v", "--selfpy-seed", "11")
    other = pytester.runpytest("-p", "no:cacheprovider", "-v", "--selfpy-seed", "12")
    assert len(order(first)) == 10
    assert order(again) == order(first)
    assert order(other) != order(first)
    assert sorted(order(other)) == sorted(order(first))


def test_the_seed_can_come_from_the_environment(pytester: pytest.Pytester,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFPY_TEST_SEED", "4242")
    result = selfpy_tests(pytester, "    testA = ( assert: true ).")
    result.stdout.fnmatch_lines(["selfpy test order: seed 4242 *"])


def test_kernel_changes_of_a_test_are_rolled_back_and_guards_come_back() -> None:
    with selfpy.World() as world:
        world.execute("lobby addSlots: (| rude = (| parent* = testCase. "
                      "testRude = ( true addSlots: (| ifTrue: a ifFalse: b = ( 0 ) |). "
                      "traits number addSlots: (| + n = ( 0 ) |). "
                      "assert: 3 + 4 equals: 0 ) |) |)")
        before = image_state(world)
        assert all(before["guards"].values())  # the kernel's own control methods
        assert run(world, "rude", "testRude") == 1
        assert changes(before, image_state(world)) == []
        assert world.eval("(3 + 4) = 7 ifTrue: ['kernel'] ifFalse: ['changed']") == "kernel"


def test_a_change_left_behind_is_named() -> None:
    with selfpy.World() as world:
        before = image_state(world)
        world.execute("traits number addSlots: (| + n = ( 0 ) |)")  # committed: not rolled back
        left = changes(before, image_state(world))
        assert "the inlining guard G_INT is now False" in left
        assert "traits number: + changed" in left


def test_no_assertions_is_a_problem() -> None:
    with selfpy.World() as world:
        world.execute("lobby addSlots: (| idle = (| parent* = testCase. testIdle = ( 3 ) |) |)")
        with pytest.raises(IncompleteTest, match="idle testIdle made no assertions"):
            run(world, "idle", "testIdle")
