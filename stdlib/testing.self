"A small TestCase-style framework. A test object has `parent* = testCase`
 and unary methods whose names begin with `test`; `anObject run: #testFoo`
 runs one and answers how many assertions it made."

traits addSlots: (|
    testCase = (|
        parent* = traits clonable.
        setUp = ( self ).
        tearDown = ( self ).
        count = ( assertions: assertions + 1 ).
        fail: text = ( (testFailure clone messageText: text) signal ).
        assert: condition = ( assert: condition description: 'assertion failed' ).
        assert: condition description: text = (
            count.
            (condition == true) ifFalse: [fail: text].
            self ).
        deny: condition = ( deny: condition description: 'denial failed' ).
        deny: condition description: text = (
            count.
            (condition == false) ifFalse: [fail: text].
            self ).
        assert: actual equals: expected = (
            count.
            (actual = expected) ifFalse: [fail: 'expected ' , expected printString , ' but got ' , actual printString].
            self ).
        should: aBlock raise: anError = (
            | raised |
            count.
            raised := false.
            aBlock on: anError do: [:e | raised := true. e return: nil].
            raised ifFalse: [fail: 'expected the block to raise ' , anError kindName].
            self ).
        shouldnt: aBlock raise: anError = (
            count.
            aBlock on: anError do: [:e | fail: 'unexpected ' , e printString].
            self ).
        testSelectors = ( (slotNames select: [:s | s beginsWith: 'test']) asSortedList ).
        run: selector = (
            | test |
            assertions: 0.
            test := clone.
            test setUp.
            [test perform: selector] ensure: [test tearDown].
            assertions ).
    |).
|).

lobby addSlots: (|
    testCase = (| parent* = traits testCase. assertions <- 0 |).
    testFailure = (| parent* = error. kindName = 'testFailure'. messageText <- 'test failed' |).
|).
