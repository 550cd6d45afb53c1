"Conformance: integers (exact, any size) and floats."
lobby addSlots: (|
    numberTests = (|
        parent* = testCase.
        testPrecedence = (
            assert: 3 + 4 * 2 equals: 14.
            assert: 3 + (4 * 2) equals: 11.
            assert: (2 raisedTo: 3 + 1) equals: 16.
            assert: 10 - 2 - 3 equals: 5.
            assert: 3 negated abs equals: 3 ).
        testArithmetic = (
            assert: 7 + 5 equals: 12.
            assert: 7 - 5 equals: 2.
            assert: 7 * 5 equals: 35.
            assert: 3 - 10 equals: -7.
            assert: -3 * -3 equals: 9 ).
        testDivision = (
            assert: 12 / 4 equals: 3.
            assert: (12 / 4) isInteger.
            assert: 7 / 2 equals: 3.5.
            assert: 7 // 2 equals: 3.
            assert: -7 // 2 equals: -4.
            assert: 7 \\ 2 equals: 1.
            assert: -7 \\ 2 equals: 1.
            assert: (-7 rem: 2) equals: -1.
            assert: (7 rem: -2) equals: 1.
            assert: (-7 quo: 2) equals: -3 ).
        testDivisionByZero = (
            should: [1 / 0] raise: zeroDivide.
            should: [1 // 0] raise: zeroDivide.
            should: [1 \\ 0] raise: zeroDivide.
            should: [5 rem: 0] raise: zeroDivide.
            should: [1.5 / 0] raise: zeroDivide.
            should: [1 / 0] raise: error ).
        testComparisons = (
            assert: 3 < 4. deny: 4 < 3.
            assert: 4 > 3. assert: 3 <= 3. assert: 3 >= 3.
            assert: 3 = 3. deny: 3 = 4. assert: 3 ~= 4. deny: 3 ~= 3.
            assert: 3 = 3.0. deny: 3 = 'three' ).
        testMinMaxBetween = (
            assert: (3 min: 7) equals: 3. assert: (3 max: 7) equals: 7.
            assert: (5 between: 1 and: 10). deny: (0 between: 1 and: 10).
            assert: (1 between: 1 and: 1) ).
        testAbsNegated = ( assert: -5 abs equals: 5. assert: 5 abs equals: 5. assert: 5 negated equals: -5. assert: -2.5 abs equals: 2.5 ).
        testSqrt = ( assert: 16 sqrt equals: 4.0. assert: 2 sqrt * 2 sqrt - 2 < 0.000001. should: [-1 sqrt] raise: error saying: 'negative' ).
        testEvenOdd = ( assert: 4 even. deny: 4 odd. assert: 7 odd. assert: -3 odd. assert: 0 even ).
        testGcdLcm = ( assert: (12 gcd: 18) equals: 6. assert: (4 lcm: 6) equals: 12. assert: (0 gcd: 5) equals: 5. assert: (17 gcd: 5) equals: 1 ).
        testRaisedTo = ( assert: (2 raisedTo: 10) equals: 1024. assert: (3 raisedTo: 0) equals: 1. assert: (2 raisedTo: -1) equals: 0.5. assert: (2.0 raisedTo: 2) equals: 4.0 ).
        testBigIntegers = (
            | big |
            big := 2 raisedTo: 100.
            assert: big printString equals: '1267650600228229401496703205376'.
            assert: big + 1 - big equals: 1.
            assert: (big // (2 raisedTo: 99)) equals: 2.
            assert: 30 factorial equals: 265252859812191058636308480000000.
            assert: (30 factorial / 29 factorial) equals: 30.
            assert: 100 factorial printString size equals: 158.
            assert: 123456789012345678901234567890 * 0 equals: 0 ).
        testFloats = (
            assert: 0.1 + 0.2 > 0.3.
            assert: 1.5 * 2 equals: 3.0.
            assert: 1.5e3 equals: 1500.0.
            assert: 2.5e-1 equals: 0.25.
            assert: 1.0 isFloat.
            deny: 1 isFloat.
            assert: 3.7 floor equals: 3.
            assert: 3.2 ceiling equals: 4.
            assert: 3.5 rounded equals: 4.
            assert: -3.7 truncated equals: -3 ).
        testLiterals = (
            assert: 16rFF equals: 255.
            assert: 2r1010 equals: 10.
            assert: 36rZZ equals: 1295.
            assert: -16r10 equals: -16.
            assert: 2e3 equals: 2000.
            assert: 2e3 isInteger ).
        testConversions = (
            assert: 3 asFloat equals: 3.0.
            assert: 3 asFloat isFloat.
            assert: 3.9 asInteger equals: 3.
            assert: 7 asInteger equals: 7 ).
        testPrintString = (
            assert: 42 printString equals: '42'.
            assert: -42 printString equals: '-42'.
            assert: 2.5 printString equals: '2.5'.
            assert: (255 printString: 16) equals: 'FF'.
            assert: (10 printString: 2) equals: '1010'.
            assert: (-255 printString: 16) equals: '-FF'.
            assert: 42 displayString equals: '42' ).
        testToDo = (
            | sum log |
            sum := 0.
            1 to: 10 do: [:i | sum := sum + i].
            assert: sum equals: 55.
            log := list copy.
            3 to: 1 do: [:i | log add: i].
            assert: log isEmpty.
            assert: (1 to: 3 do: [:i | nil]) equals: 1 ).
        testToByDo = (
            | log |
            log := list copy.
            10 to: 1 by: -3 do: [:i | log add: i].
            assert: log asVector equals: {10. 7. 4. 1}.
            log := list copy.
            1 to: 2 by: 0.5 do: [:x | log add: x].
            assert: log asVector equals: {1. 1.5. 2.0}.
            should: [1 to: 5 by: 0 do: [:i | nil]] raise: error saying: 'step of zero' ).
        testToByDoWithAStepInAVariable = (
            | log step |
            log := list copy.
            step := -3.
            assert: (10 to: 1 by: step do: [:i | log add: i]) equals: 10.
            assert: log asVector equals: {10. 7. 4. 1}.
            log := list copy.
            step := 2.
            1 to: 6 by: step do: [:i | log add: i].
            assert: log asVector equals: {1. 3. 5}.
            log := list copy.
            step := 0.5.
            1 to: 2 by: step do: [:x | log add: x].
            assert: log asVector equals: {1. 1.5. 2.0}.
            step := 0.
            should: [1 to: 5 by: step do: [:i | nil]] raise: error saying: 'step of zero' ).
        testToDoWithFloatsAndVariables = (
            | sum stop blk |
            sum := 0. stop := 4. blk := [:i | sum := sum + i].
            1 to: stop do: blk.
            assert: sum equals: 10.
            sum := 0.
            0.5 to: 2 do: [:x | sum := sum + x].
            assert: sum equals: 2.0 ).
        testTimesRepeat = ( | n | n := 0. 5 timesRepeat: [n := n + 2]. assert: n equals: 10. 0 timesRepeat: [n := 0]. assert: n equals: 10 ).
        testMixedArithmetic = ( assert: 1 + 0.5 equals: 1.5. assert: 0.5 + 1 equals: 1.5. assert: 2 * 1.5 equals: 3.0 ).
        testProductsOfVariablesOfEveryKind = (
            | i f big |
            i := 3. f := 1.5. big := 3037000500.
            assert: i * f equals: 4.5. assert: f * i equals: 4.5.
            assert: f * f equals: 2.25. assert: i * i equals: 9.
            assert: big * big equals: 9223372037000250000.
            assert: big * f equals: 4555500750.0.
            assert: (2 raisedTo: 70) * i equals: 3541774862152233910272.
            should: [(2 raisedTo: 600000) * (2 raisedTo: 600000)] raise: error saying: 'too large' ).
        testBadOperand = ( should: [3 + 'a'] raise: error saying: 'expects a number'. should: [3 < nil] raise: error saying: 'expects a number' ).
        testSign = ( assert: -4 sign equals: -1. assert: 0 sign equals: 0. assert: 9 sign equals: 1 ).
        testSquaredAndPrime = ( assert: 7 squared equals: 49. assert: 13 isPrime. deny: 15 isPrime. deny: 1 isPrime ).
        testNumbersAreValues = ( assert: 3 clone == 3. assert: (1000000 * 1000000) = 1000000000000 ).
        testBitOperations = ( assert: (12 bitAnd: 10) equals: 8. assert: (12 bitOr: 3) equals: 15. assert: (5 bitXor: 1) equals: 4. assert: 1 << 10 equals: 1024. assert: 1024 >> 3 equals: 128. assert: -16 >> 2 equals: -4. should: [1.5 bitAnd: 1] raise: messageNotUnderstood. should: [1 << 100000000] raise: error ).
        testTrigonometry = ( assert: 0 sin equals: 0.0. assert: 0 cos equals: 1.0. assert: (3.141592653589793 cos) equals: -1.0 ).
        testAbsAndNegatedAsTheKernelSaysEvenInLoops = (
            | log |
            log := list copy.
            1 to: 2 do: [:i | log add: (i - 3) abs; add: i negated; add: -2.5 abs; add: 0.0 negated; add: -0.0 abs].
            assert: (log collect: [:x | x printString]) asVector equals: {'2'. '-1'. '2.5'. '0.0'. '-0.0'. '1'. '-2'. '2.5'. '0.0'. '-0.0'} ).
        testAsCharacter = ( assert: 65 asCharacter equals: 'A'. should: [-1 asCharacter] raise: error ).
    |).
|).
