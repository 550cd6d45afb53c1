"Conformance: vector, list, dictionary and set."
lobby addSlots: (|
    collectionTests = (|
        parent* = testCase.
        testBraceArrays = ( | v | v := {1. 2. 1 + 2}. assert: v size equals: 3. assert: (v at: 3) equals: 3. assert: {} size equals: 0. assert: {1. 2.} size equals: 2 ).
        testVectorCopySize = ( | v | v := vector copySize: 3. assert: v size equals: 3. assert: (v at: 1) equals: nil. v at: 2 put: 'x'. assert: (v at: 2) equals: 'x' ).
        testVectorFilled = ( | v | v := vector copySize: 4 filledWith: 0. assert: (v inject: 0 into: [:a :b | a + b]) equals: 0. assert: v last equals: 0 ).
        testAtWithALiteralIndex = ( | l | l := list copy. l add: 7; add: 8. assert: (l at: 2) equals: 8. l at: 1 put: 9. assert: (l at: 1) equals: 9. assert: ((| at: i = ( i * 10 ). at: i put: v = ( v + i ) |) at: 2) equals: 20. assert: ((| at: i put: v = ( v + i ) |) at: 2 put: 5) equals: 7. should: [l at: 3] raise: error ).
        testVectorBounds = ( | v | v := vector copySize: 2. should: [v at: 0] raise: subscriptOutOfBounds. should: [v at: 3] raise: error. should: [v at: 3 put: 1] raise: error. should: [v at: 'x'] raise: error ).
        testAtPutAnswersValue = ( | v | v := vector copySize: 1. assert: (v at: 1 put: 9) equals: 9 ).
        testAtPutOfOwnObjectAnswersItsResult = ( | box | box := (| at: i put: v = ( 'old' ) |). assert: (box at: 1 put: 9) equals: 'old' ).
        testAtIfAbsent = ( assert: ({1. 2} at: 5 ifAbsent: ['none']) equals: 'none'. assert: ({1. 2} at: 2 ifAbsent: ['none']) equals: 2 ).
        testDo = ( | sum | sum := 0. {1. 2. 3} do: [:x | sum := sum + x]. assert: sum equals: 6 ).
        testCollect = ( assert: ({1. 2. 3} collect: [:x | x * x]) equals: {1. 4. 9}. assert: ((list copy add: 1; add: 2; yourself) collect: [:x | x + 1]) asVector equals: {2. 3} ).
        testSelectReject = ( assert: ({1. 2. 3. 4} select: [:x | x even]) equals: {2. 4}. assert: ({1. 2. 3. 4} reject: [:x | x even]) equals: {1. 3} ).
        testDetect = ( assert: ({1. 2. 3} detect: [:x | x > 1] ifNone: [0]) equals: 2. assert: ({1. 2. 3} detect: [:x | x > 5] ifNone: [0]) equals: 0. should: [{1} detect: [:x | x > 5]] raise: error ).
        testInjectInto = ( assert: ({1. 2. 3. 4} inject: 0 into: [:a :b | a + b]) equals: 10. assert: ({} inject: 7 into: [:a :b | a + b]) equals: 7 ).
        testIncludes = ( assert: ({1. 2. 3} includes: 2). deny: ({1. 2. 3} includes: 5). assert: ({'a'. 'b'} includes: 'b'). assert: ((list copy add: nil; yourself) includes: nil) ).
        testEmpty = ( assert: {} isEmpty. assert: {1} notEmpty. assert: list copy isEmpty. assert: dictionary copy isEmpty. assert: set copy isEmpty ).
        testFirstLast = ( assert: {4. 5. 6} first equals: 4. assert: {4. 5. 6} last equals: 6. should: [{} first] raise: error saying: 'empty' ).
        testSort = ( | v | v := {3. 1. 2}. v sort. assert: v equals: {1. 2. 3}. v sort: [:a :b | a >= b]. assert: v equals: {3. 2. 1}. assert: ({'pear'. 'apple'} copy sort) equals: {'apple'. 'pear'} ).
        testSortBlockMustAnswerABoolean = ( should: [{3. 1} sort: [:a :b | 3]] raise: error saying: 'the sort block answered 3, not true or false'. should: [| odd | odd := (| <= x = ( 3 ) |). {odd. odd} sort] raise: error saying: '<= answered 3, not true or false' ).
        testSortObjects = (
            | people |
            people := {(| age = 30 |). (| age = 20 |). (| age = 25 |)}.
            people sort: [:a :b | a age <= b age].
            assert: (people collect: [:p | p age]) equals: {20. 25. 30} ).
        testList = (
            | l |
            l := list copy.
            l add: 1; add: 2; add: 3.
            assert: l size equals: 3.
            l addFirst: 0.
            assert: l first equals: 0.
            assert: l removeFirst equals: 0.
            assert: l removeLast equals: 3.
            assert: l asVector equals: {1. 2}.
            l remove: 1.
            assert: l asVector equals: {2}.
            should: [l remove: 99] raise: error ).
        testListCopiesAreIndependent = ( | a b | a := list copy. b := a copy. a add: 1. assert: b isEmpty. assert: list isEmpty ).
        testListAtPut = ( | l | l := list copy. l add: 'a'; add: 'b'. l at: 2 put: 'c'. assert: (l at: 2) equals: 'c'. should: [l at: 3] raise: error ).
        testAsList = ( | l | l := {1. 2} asList. l add: 3. assert: l size equals: 3. assert: l asVector equals: {1. 2. 3} ).
        testKeysAndValuesDo = ( | keys values | keys := list copy. values := list copy. {'a'. 'b'} keysAndValuesDo: [:k :v | keys add: k. values add: v]. assert: keys asVector equals: {1. 2}. assert: values asVector equals: {'a'. 'b'} ).
        testDictionary = (
            | d |
            d := dictionary copy.
            d at: 'one' put: 1.
            d at: 'two' put: 2.
            d at: 3 put: 'three'.
            assert: d size equals: 3.
            assert: (d at: 'one') equals: 1.
            assert: (d at: 3) equals: 'three'.
            assert: (d at: 'zero' ifAbsent: [0]) equals: 0.
            assert: (d includesKey: 'two').
            deny: (d includesKey: 'four').
            should: [d at: 'four'] raise: error.
            d removeKey: 'one'.
            deny: (d includesKey: 'one').
            assert: d size equals: 2 ).
        testDictionaryKeysAndValuesDo = (
            | d sum keys |
            d := dictionary copy.
            d at: 1 put: 10; at: 2 put: 20.
            sum := 0. keys := 0.
            d keysAndValuesDo: [:k :v | keys := keys + k. sum := sum + v].
            assert: sum equals: 30.
            assert: keys equals: 3.
            assert: (d inject: 0 into: [:a :b | a + b]) equals: 30 ).
        testDictionaryAtIfAbsentPut = ( | d | d := dictionary copy. d at: 'k' ifAbsentPut: [5]. d at: 'k' ifAbsentPut: [6]. assert: (d at: 'k') equals: 5 ).
        testDictionaryObjectKeys = ( | d a b | d := dictionary copy. a := (| |). b := (| |). d at: a put: 1. d at: b put: 2. assert: (d at: a) equals: 1. assert: (d at: b) equals: 2 ).
        testSet = (
            | s |
            s := set copy.
            s add: 1; add: 2; add: 2; add: 'x'.
            assert: s size equals: 3.
            assert: (s includes: 2).
            deny: (s includes: 5).
            s remove: 2.
            deny: (s includes: 2).
            should: [s remove: 99] raise: error ).
        testAsSet = ( assert: {1. 1. 2. 2. 3} asSet size equals: 3 ).
        testPrintStrings = (
            assert: {1. 'a'} printString equals: '{1. ''a''}'.
            assert: (list copy add: 1; add: 2; yourself) printString equals: 'list(1 2)'.
            assert: (dictionary copy at: 1 put: 2; yourself) printString equals: 'dictionary(1->2)'.
            assert: (set copy add: 7; yourself) printString equals: 'set(7)' ).
        testYourself = ( | l | l := list copy add: 5; yourself. assert: l size equals: 1 ).
        testVectorEquality = ( assert: {1. 2} = {1. 2}. deny: {1. 2} = {2. 1}. deny: {1} = {1. 1} ).
        testConcatenation = ( assert: {1. 2} , {3} equals: {1. 2. 3} ).
        testReversed = ( assert: {1. 2. 3} reversed equals: {3. 2. 1} ).
        testCopyFromTo = ( assert: ({1. 2. 3. 4} copyFrom: 2 to: 3) equals: {2. 3} ).
        testSumMaxMin = ( assert: {3. 1. 2} sum equals: 6. assert: {3. 1. 2} max equals: 3. assert: {3. 1. 2} min equals: 1 ).
        testCount = ( assert: ({1. 2. 3. 4} count: [:x | x odd]) equals: 2. assert: ({1. 2} anySatisfy: [:x | x > 1]). deny: ({1. 2} allSatisfy: [:x | x > 1]) ).
        testHugeAllocationRefused = ( should: [vector copySize: (10 raisedTo: 12)] raise: error saying: 'too large' ).
        testNegativeSizeRefused = ( should: [vector copySize: -1] raise: error saying: 'non-negative' ).
    |).
|).

lobby addSlots: (|
    equalityTests = (|
        parent* = testCase.
        pair = (| parent* = traits clonable. a <- 0. = other = ( (other respondsTo: #a) and: [a = other a] ) |).
        testIncludesUsesUserEquality = (
            | v |
            v := {(pair clone a: 1). (pair clone a: 2)}.
            assert: (v includes: (pair clone a: 2)).
            deny: (v includes: (pair clone a: 3)).
            assert: (v indexOf: (pair clone a: 2)) equals: 2.
            assert: ({1. 2. 3} indexOf: 2.0) equals: 2.
            deny: ({'1'} includes: 1) ).
    |).
|).
