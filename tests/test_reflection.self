"Conformance: asking objects about themselves, changing them live."
lobby addSlots: (|
    point = (| parent* = traits clonable. x <- 0. y <- 0. + p = ( (clone x: x + p x) y: y + p y ). printString = ( x printString , '@' , y printString ) |).
|).

lobby addSlots: (|
    reflectionTests = (|
        parent* = testCase.
        testClone = (
            | a b |
            a := point clone x: 1.
            b := a clone.
            b x: 2.
            assert: a x equals: 1.
            assert: b x equals: 2.
            deny: a == b ).
        testSetterAnswersReceiver = ( | p | p := (point clone x: 3) y: 4. assert: p printString equals: '3@4' ).
        testCascade = ( | p | p := point clone x: 5; y: 6; yourself. assert: p printString equals: '5@6' ).
        testBinaryMethod = ( assert: ((point clone x: 1) + (point clone y: 2)) printString equals: '1@2' ).
        testSlotNames = ( assert: (point slotNames includes: 'x'). assert: (point slotNames includes: 'parent'). deny: (point slotNames includes: 'x:') ).
        testParents = ( assert: point parents size equals: 1. assert: point parents first == traits clonable ).
        testIncludesSlot = ( assert: (point includesSlot: 'x'). deny: (point includesSlot: 'z'). deny: (point clone includesSlot: 'clone') ).
        testRespondsTo = ( assert: (point respondsTo: 'x:'). assert: (point respondsTo: 'clone'). deny: (point respondsTo: 'z') ).
        testAddSlots = (
            | p |
            p := point clone.
            p addSlots: (| z <- 9. sum = ( x + y + z ) |).
            assert: p z equals: 9.
            assert: p sum equals: 9.
            p x: 1.
            assert: p sum equals: 10.
            deny: (point includesSlot: 'z') ).
        testAddSlotsReplaces = ( | o | o := (| parent* = traits clonable. v = 1 |) clone. o addSlots: (| v = 2 |). assert: o v equals: 2 ).
        testRemoveSlot = ( | p | p := point clone. p addSlots: (| z <- 1 |). p removeSlot: 'z'. deny: (p includesSlot: 'z'). should: [p z] raise: messageNotUnderstood. should: [p removeSlot: 'nope'] raise: error ).
        testSlotValueAndKind = (
            assert: ((point clone x: 7) slotValueAt: 'x') equals: 7.
            assert: (point slotKindAt: 'x') equals: 'assignable'.
            assert: (point slotKindAt: 'parent') equals: 'constant parent'.
            assert: (point slotKindAt: '+') equals: 'method' ).
        testMethodSource = ( assert: ((point methodSourceAt: 'printString') includesSubstring: 'x printString') ).
        testConstantSlotHasNoSetter = ( | o | o := (| parent* = traits clonable. k = 3 |). should: [o k: 4] raise: messageNotUnderstood. assert: o k equals: 3 ).
        testInitializersRunOnce = (
            | n o |
            n := 0.
            o := (| parent* = traits clonable. a = (n := n + 1) yourself. b <- (n := n + 10). m = ( n := 100 ) |).
            assert: n equals: 11.
            assert: o a equals: 1.
            assert: o b equals: 11.
            o a. o b.
            assert: n equals: 11 ).
        testMethodsAreNotClosures = (
            | n o |
            n := 5.
            o := (| parent* = traits clonable. m = ( n ) |).
            should: [o m] raise: messageNotUnderstood ).
        testMethodsSeeSlots = ( | o | o := (| parent* = traits clonable. a <- 2. twice = ( a * 2 ). setA: v = ( a: v ) |). o setA: 5. assert: o twice equals: 10 ).
        testObjectLiteralArgumentSlots = ( | o | o := (| parent* = traits clonable. add:to: = (| :a. :b | a + b ). neg = (| t | t := 0. t - 1 ) |). assert: (o add: 1 to: 2) equals: 3. assert: o neg equals: -1 ).
        testLobbyGlobalsReachable = ( | o | o := (| parent* = traits clonable. make = ( vector copySize: 2 ) |). assert: o make size equals: 2 ).
        testIdentity = ( | o | o := point clone. assert: o == o. deny: o == point clone. assert: o = o. assert: 3 == 3. assert: 'ab' == 'ab' ).
        testPrintStringOfAnonymousObject = ( assert: ((| parent* = traits clonable. a <- 1 |) printString includesSubstring: 'a <- 1') ).
        testObjectWithoutParentsUnderstandsNothing = ( should: [(| a <- 1 |) printString] raise: error saying: 'does not understand #printString (and has no doesNotUnderstand:)' ).
    |).
|).
