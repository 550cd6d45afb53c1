"Conformance: ^ inside blocks returns from the home method."
lobby addSlots: (|
    returnTests = (|
        parent* = testCase.
        escaped <- nil.
        findFirstEven: aCollection = ( aCollection do: [:x | x even ifTrue: [^ x]]. nil ).
        earlyExit = ( 1 to: 10 do: [:i | i = 3 ifTrue: [^ i * 100]]. 0 ).
        nested = ( [:a | [:b | ^ a + b] value: 2] value: 1. 99 ).
        viaNonLiteral = ( | blk | blk := [^ 'from block']. blk value. 'after' ).
        throughMethod: aBlock = ( aBlock value. 'not reached' ).
        caller = ( throughMethod: [^ 'returned through a send']. 'not reached either' ).
        makeEscaping = ( ^ [^ 42] ).
        whileExit = ( | i | i := 0. [true] whileTrue: [i := i + 1. i = 4 ifTrue: [^ i]] ).
        ensureOnReturn = ( [^ 1] ensure: [escaped: 'ran'] ).
        testReturnFromDo = ( assert: (findFirstEven: {1. 3. 4. 6}) equals: 4. assert: (findFirstEven: {1. 3}) equals: nil ).
        testReturnFromInlinedLoop = ( assert: earlyExit equals: 300 ).
        testReturnFromNestedBlocks = ( assert: nested equals: 3 ).
        testReturnFromNonLiteralBlock = ( assert: viaNonLiteral equals: 'from block' ).
        testReturnThroughAnotherMethod = ( assert: caller equals: 'returned through a send' ).
        testReturnFromWhile = ( assert: whileExit equals: 4 ).
        testEnsureRunsOnNonLocalReturn = ( escaped: nil. assert: ensureOnReturn equals: 1. assert: escaped equals: 'ran' ).
        testEscapedBlockIsAnError = ( | blk | blk := makeEscaping. should: [blk value] raise: error ).
        testEscapedBlockMessage = (
            | blk text |
            blk := makeEscaping.
            text := [blk value. 'no error'] on: error do: [:e | e messageText].
            assert: (text includesSubstring: 'already returned') ).
        testMethodValueIsLastExpression = ( assert: (| m = ( 1. 2. 3 ) |) m equals: 3 ).
        testEmptyMethodAnswersSelf = ( | o | o := (| parent* = traits clonable. m = ( ) |). assert: o m == o ).
    |).
|).
