"A small TestCase-style framework. A test object has `parent* = testCase`
 and unary methods whose names begin with `test`; `anObject run: #testFoo`
 runs one and answers how many assertions it made.

 It is strict so that a test cannot pass by accident: `should:raise:` does
 not accept a not-understood message it was not asked for (a typo in the
 block raises one), `should:raise:saying:` also checks the error's text, and
 a failed assertion is a `testFailure`, which is not an `error`: no
 `on: error do:` inside a test can swallow it, and `run:` signals it again if
 anything else did. The framework's own bookkeeping uses primitives, so a
 test may redefine `+`, `ifTrue:` or `whileTrue:` in the kernel and still be
 counted and reported (the test runner rolls such changes back)."

traits addSlots: (|
    testCase = (|
        parent* = traits clonable.
        setUp = ( self ).
        tearDown = ( self ).
        count = ( assertions: (assertions _NumAdd: 1) ).
        fail: text = (
            failure isNil ifTrue: [failure: text].
            (testFailure clone messageText: text) signal ).
        assert: condition = ( assert: condition description: 'assertion failed' ).
        assert: condition description: text = (
            count.
            (condition _Eq: true) ifFalse: [fail: text].
            self ).
        deny: condition = ( deny: condition description: 'denial failed' ).
        deny: condition description: text = (
            count.
            (condition _Eq: false) ifFalse: [fail: text].
            self ).
        assert: actual equals: expected = (
            count.
            (actual = expected) ifFalse: [fail: 'expected ' , expected printString , ' but got ' , actual printString].
            self ).
        caught: anError by: aBlock = (
            "The error of kind anError that aBlock raised, or nil when it raised none."
            | caught |
            caught := nil.
            aBlock on: anError do: [:e | caught := e. e return: nil].
            caught ).
        check: caught raised: anError = (
            "Fail unless caught is an error of the kind asked for; a not-understood
             message counts only when asked for."
            caught isNil ifTrue: [fail: 'expected the block to raise ' , anError kindName].
            (caught isNotUnderstood and: [anError isNotUnderstood not]) ifTrue: [
                fail: 'expected the block to raise ' , anError kindName ,
                      ' but it raised ' , caught printString].
            caught ).
        should: aBlock raise: anError = (
            count.
            check: (caught: anError by: aBlock) raised: anError.
            self ).
        should: aBlock raise: anError saying: text = (
            "Like should:raise:, and the error's messageText must contain text."
            | caught said |
            count.
            caught := check: (caught: anError by: aBlock) raised: anError.
            said := caught messageText displayString.
            (said includesSubstring: text) ifFalse: [
                fail: 'expected ' , anError kindName , ' saying ' , text printString ,
                      ' but it said ' , said printString].
            self ).
        shouldnt: aBlock raise: anError = (
            count.
            aBlock on: anError do: [:e | fail: 'unexpected ' , e printString].
            self ).
        testSelectors = ( (slotNames select: [:s | s beginsWith: 'test']) asSortedList ).
        run: selector = (
            | test |
            assertions: 0.
            failure: nil.
            test := clone.
            test setUp.
            [test perform: selector] ensure: [test tearDown].
            failure isNil ifFalse: [
                (testFailure clone messageText: failure , ' (the failure was caught inside the test)') signal].
            assertions ).
    |).
|).

lobby addSlots: (|
    testCase = (| parent* = traits testCase. assertions <- 0. failure <- nil |).
    "Not an error: `on: error do:` does not catch a failed assertion."
    testFailure = (| parent* = traits error. kindName = 'testFailure'. messageText <- 'test failed' |).
|).
