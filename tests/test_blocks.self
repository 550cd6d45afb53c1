"Conformance: blocks, closures and the block protocol."
lobby addSlots: (|
    blockTests = (|
        parent* = testCase.
        counter <- 0.
        makeCounter = ( | n | n := 0. [n := n + 1] ).
        makeAdder: k = ( [:x | x + k] ).
        testBlocksMadeInALoopKeepTheirIteration = (
            | blocks |
            blocks := list copy.
            1 to: 3 do: [:i | blocks add: [i]. i > 1 ifTrue: [blocks add: [i * 10]]].
            assert: (blocks collect: [:b | b value]) asVector equals: {1. 2. 20. 3. 30}.
            blocks := list copy.
            1 to: 2 do: [:i | 1 to: 2 do: [:j | blocks add: [(i * 10) + j]]].
            assert: (blocks collect: [:b | b value]) asVector equals: {11. 12. 21. 22}.
            blocks := list copy.
            3 to: 1 by: -1 do: [:i | {1. 2} do: [:x | blocks add: [i + x]]].
            assert: (blocks collect: [:b | b value]) asVector equals: {4. 5. 3. 4. 2. 3} ).
        testAnArmWithCapturedTemporariesIsFreshEachTime = (
            | blocks |
            blocks := list copy.
            1 to: 3 do: [:i | i > 1 ifTrue: [| k | k := i. blocks add: [k]. k := k * 10]].
            assert: (blocks collect: [:b | b value]) asVector equals: {20. 30} ).
        testBlocksMadeInALoopShareItsTemporaries = (
            | blocks |
            blocks := list copy.
            1 to: 2 do: [:i | | k | k := i. blocks add: [k]. k := i * 100].
            assert: (blocks collect: [:b | b value]) asVector equals: {100. 200} ).
        testValue = (
            assert: [3] value equals: 3.
            assert: ([:a | a * 2] value: 4) equals: 8.
            assert: ([:a :b | a - b] value: 10 value: 3) equals: 7.
            assert: ([:a :b :c | a + b + c] value: 1 value: 2 value: 3) equals: 6.
            assert: ([:a :b :c :d | a * b * c * d] value: 1 value: 2 value: 3 value: 4) equals: 24 ).
        testEmptyBlockAnswersNil = ( assert: [] value equals: nil. assert: ([:x | ] value: 3) equals: nil ).
        testValueWithArguments = (
            assert: ([:a :b | a , b] valueWithArguments: {'x'. 'y'}) equals: 'xy'.
            should: [[:a | a] valueWithArguments: {1. 2}] raise: error ).
        testNumArgs = ( assert: [] numArgs equals: 0. assert: [:a :b | a] numArgs equals: 2 ).
        testWrongArity = ( should: [[:a | a] value] raise: error. should: [[1] value: 2] raise: error ).
        testTemporaries = ( assert: [| t | t := 5. t * t] value equals: 25. assert: ([:x | | t | t := x. t + 1] value: 1) equals: 2 ).
        testClosuresCaptureVariables = (
            | x blk |
            x := 1.
            blk := [x + 10].
            x := 5.
            assert: blk value equals: 15 ).
        testClosuresAssignOuterVariables = (
            | x |
            x := 0.
            [x := x + 1] value.
            [x := x + 1] value.
            assert: x equals: 2 ).
        testCounterClosure = (
            | c1 c2 |
            c1 := makeCounter.
            c2 := makeCounter.
            c1 value. c1 value.
            assert: c1 value equals: 3.
            assert: c2 value equals: 1 ).
        testAdder = ( | add5 | add5 := makeAdder: 5. assert: (add5 value: 10) equals: 15. assert: ((makeAdder: -1) value: 1) equals: 0 ).
        testEachIterationHasItsOwnVariables = (
            | blocks |
            blocks := list copy.
            1 to: 3 do: [:i | blocks add: [i * 10]].
            assert: (blocks collect: [:b | b value]) asVector equals: {10. 20. 30} ).
        testWhileTrue = (
            | i sum |
            i := 1. sum := 0.
            [i <= 10] whileTrue: [sum := sum + i. i := i + 1].
            assert: sum equals: 55.
            assert: ([false] whileTrue: [1]) equals: nil ).
        testWhileFalse = ( | i | i := 0. [i >= 5] whileFalse: [i := i + 1]. assert: i equals: 5 ).
        testWhileTrueNoArgument = ( | i | i := 0. [i := i + 1. i < 7] whileTrue. assert: i equals: 7 ).
        testWhileFalseNoArgument = ( | i | i := 0. [i := i + 1. i >= 4] whileFalse. assert: i equals: 4 ).
        testWhileWithBlockVariables = (
            | cond body i |
            i := 0.
            cond := [i < 3].
            body := [i := i + 1].
            cond whileTrue: body.
            assert: i equals: 3 ).
        testWhileNeedsBoolean = ( should: [[3] whileTrue: [nil]] raise: error saying: 'true or false, not 3' ).
        testRepeat = ( | i | i := 0. [[i := i + 1. i = 5 ifTrue: [error: 'stop']] repeat] on: error do: [:e | e return: nil]. assert: i equals: 5 ).
        testEnsureRunsOnNormalExit = ( | log | log := list copy. [log add: 1] ensure: [log add: 2]. assert: log asVector equals: {1. 2} ).
        testEnsureRunsOnError = (
            | log |
            log := list copy.
            [[log add: 1. 1 / 0] ensure: [log add: 2]] on: zeroDivide do: [:e | log add: 3].
            assert: log asVector equals: {1. 2. 3} ).
        testEnsureAnswersBlockValue = ( assert: ([4] ensure: [5]) equals: 4 ).
        testIfCurtailed = (
            | log |
            log := list copy.
            [[1 / 0] ifCurtailed: [log add: 'curtailed']] on: zeroDivide do: [:e | nil].
            [7] ifCurtailed: [log add: 'never'].
            assert: log asVector equals: {'curtailed'} ).
        testBlocksArePlainObjects = ( assert: [] isBlock. deny: 3 isBlock. assert: [] printString equals: 'a block' ).
        testBlockInSlot = ( counter: 0. 3 timesRepeat: [counter: counter + 1]. assert: counter equals: 3 ).
    |).
|).
