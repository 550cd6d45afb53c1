"Conformance: signalling and handling errors."
lobby addSlots: (|
    myError = (| parent* = error. kindName = 'myError'. messageText <- 'mine' |).
    errorTests = (|
        parent* = testCase.
        testErrorColon = ( | text | text := [error: 'boom'] on: error do: [:e | e messageText]. assert: text equals: 'boom' ).
        testHandlerValue = ( assert: ([1 / 0] on: zeroDivide do: [:e | 99]) equals: 99. assert: ([5] on: error do: [:e | 0]) equals: 5 ).
        testReturn = ( assert: ([error: 'x'. 1] on: error do: [:e | e return: 2]) equals: 2. assert: ([error: 'x'] on: error do: [:e | e return]) equals: nil ).
        testRetry = (
            | attempts |
            attempts := 0.
            assert: ([attempts := attempts + 1. attempts < 3 ifTrue: [error: 'again']. attempts] on: error do: [:e | e retry]) equals: 3 ).
        testPass = (
            | log result |
            log := list copy.
            result := [[1 / 0] on: zeroDivide do: [:e | log add: 'inner'. e pass]] on: error do: [:e | log add: 'outer'. 7].
            assert: result equals: 7.
            assert: log asVector equals: {'inner'. 'outer'} ).
        testUnmatchedKindPassesThrough = (
            | result |
            result := [[1 / 0] on: messageNotUnderstood do: [:e | 'wrong']] on: zeroDivide do: [:e | 'right'].
            assert: result equals: 'right' ).
        testErrorCatchesEverything = (
            assert: ([3 zork] on: error do: [:e | 1]) equals: 1.
            assert: ([1 / 0] on: error do: [:e | 2]) equals: 2.
            assert: ([{1} at: 5] on: error do: [:e | 3]) equals: 3 ).
        testCustomError = (
            assert: ([myError clone signal] on: myError do: [:e | e messageText]) equals: 'mine'.
            assert: ([myError clone signal: 'custom'] on: error do: [:e | e messageText]) equals: 'custom'.
            assert: ([[error: 'plain'] on: myError do: [:e | 'no']] on: error do: [:e | 'yes']) equals: 'yes' ).
        testErrorPrintString = ( assert: ([error: 'oops'] on: error do: [:e | e printString]) equals: 'error: oops' ).
        testZeroDivideMessage = ( assert: ([1 / 0] on: zeroDivide do: [:e | e messageText]) equals: 'division by zero' ).
        testStackOverflowIsCatchable = (
            | deep text |
            deep := (| parent* = traits clonable. down: n = ( down: n + 1 ) |).
            text := [deep down: 1] on: stackOverflow do: [:e | e messageText].
            assert: (text includesSubstring: 'stack depth') ).
        testStackOverflowIsAnError = ( | deep | deep := (| parent* = traits clonable. down = ( down ) |). should: [deep down] raise: error ).
        testErrorInHandlerPropagates = ( should: [[1 / 0] on: zeroDivide do: [:e | 3 zork]] raise: messageNotUnderstood ).
        testNestedHandlers = ( assert: ([[error: 'a'] on: error do: [:e | error: 'b']] on: error do: [:e | e messageText]) equals: 'b' ).
        testHandlerWithoutArgument = ( assert: ([1 / 0] on: zeroDivide do: ['no arg']) equals: 'no arg' ).
        testSubclassResponsibility = ( should: [3 subclassResponsibility] raise: error saying: 'should implement' ).
    |).
|).
