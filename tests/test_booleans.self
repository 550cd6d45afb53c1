"Conformance: true, false, nil and the messages they understand."
lobby addSlots: (|
    booleanTests = (|
        parent* = testCase.
        testIfTrueIfFalse = (
            assert: (true ifTrue: [1] ifFalse: [2]) equals: 1.
            assert: (false ifTrue: [1] ifFalse: [2]) equals: 2.
            assert: (true ifFalse: [1] ifTrue: [2]) equals: 2.
            assert: (false ifFalse: [1] ifTrue: [2]) equals: 1 ).
        testOneArmed = (
            assert: (true ifTrue: [5]) equals: 5.
            assert: (false ifTrue: [5]) equals: nil.
            assert: (false ifFalse: [6]) equals: 6.
            assert: (true ifFalse: [6]) equals: nil ).
        testNonLiteralBlocks = (
            | yes no |
            yes := [10]. no := [20].
            assert: (true ifTrue: yes ifFalse: no) equals: 10.
            assert: (false ifTrue: yes ifFalse: no) equals: 20.
            assert: (true and: yes) equals: 10.
            assert: (false or: no) equals: 20 ).
        testAndOr = (
            assert: (true and: [true]).
            deny: (true and: [false]).
            deny: (false and: [1 / 0]).
            assert: (true or: [1 / 0]).
            assert: (false or: [true]).
            deny: (false or: [false]) ).
        testAmpersandBar = (
            assert: true & true.
            deny: true & false.
            deny: false & true.
            assert: true | false.
            assert: false | true.
            deny: false | false ).
        testNot = ( deny: true not. assert: false not. assert: true not not ).
        testXorEqv = ( assert: (true xor: false). deny: (true xor: true). assert: (false eqv: false) ).
        testPrintStrings = (
            assert: true printString equals: 'true'.
            assert: false printString equals: 'false'.
            assert: nil printString equals: 'nil' ).
        testNil = (
            assert: nil isNil.
            deny: nil notNil.
            deny: 3 isNil.
            assert: 3 notNil.
            assert: (nil ifNil: [7]) equals: 7.
            assert: (3 ifNil: [7]) equals: 3.
            assert: (nil ifNotNil: [:x | x + 1]) equals: nil.
            assert: (3 ifNotNil: [:x | x + 1]) equals: 4.
            assert: (nil ifNil: [1] ifNotNil: [:x | 2]) equals: 1.
            assert: (5 ifNil: [1] ifNotNil: [:x | x * 2]) equals: 10.
            assert: (5 ifNotNil: [:x | x] ifNil: [0]) equals: 5 ).
        testUniqueness = (
            assert: true == true.
            assert: true clone == true.
            assert: nil copy == nil.
            assert: (3 > 2) == true.
            assert: (3 < 2) == false ).
        testComparisonsAnswerBooleans = (
            assert: (1 = 1) == true.
            assert: (1 = 2) == false.
            assert: ('a' = 'a') == true.
            assert: ('a' < 'b') == true ).
        testNonBooleanReceiver = (
            should: [3 ifTrue: [1] ifFalse: [2]] raise: messageNotUnderstood.
            should: [nil and: [true]] raise: messageNotUnderstood ).
        testBooleansAreOrdinaryObjects = (
            assert: (true respondsTo: 'ifTrue:ifFalse:').
            assert: (true includesSlot: 'ifTrue:ifFalse:').
            assert: (false parents first) == traits boolean ).
    |).
|).
