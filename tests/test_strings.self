"Conformance: strings (immutable, 1-based)."
lobby addSlots: (|
    stringTests = (|
        parent* = testCase.
        testSize = ( assert: 'hello' size equals: 5. assert: '' size equals: 0. assert: '' isEmpty. assert: 'a' notEmpty ).
        testAt = ( assert: ('hello' at: 1) equals: 'h'. assert: ('hello' at: 5) equals: 'o'. should: ['hello' at: 0] raise: subscriptOutOfBounds. should: ['hello' at: 6] raise: error ).
        testConcatenation = ( assert: 'abc' , 'def' equals: 'abcdef'. assert: '' , 'x' equals: 'x'. should: ['a' , 3] raise: error ).
        testImmutability = ( | s t | s := 'abc'. t := s , 'd'. assert: s equals: 'abc'. assert: t equals: 'abcd'. assert: s reversed equals: 'cba'. assert: s equals: 'abc' ).
        testEquality = ( assert: 'abc' = 'abc'. deny: 'abc' = 'abd'. deny: 'abc' = 3. assert: ('ab' , 'c') = 'abc' ).
        testOrdering = ( assert: 'abc' < 'abd'. assert: 'b' > 'a'. assert: 'a' <= 'a'. deny: 'b' < 'a' ).
        testIncludesSubstring = ( assert: ('hello world' includesSubstring: 'lo w'). deny: ('hello' includesSubstring: 'xyz'). assert: ('abc' includesSubstring: '') ).
        testIndexOf = ( assert: ('hello' indexOf: 'l') equals: 3. assert: ('hello' indexOf: 'z') equals: 0. assert: ('hello' indexOf: 'lo') equals: 4 ).
        testCopyFromTo = ( assert: ('hello' copyFrom: 2 to: 4) equals: 'ell'. assert: ('hello' copyFrom: 3 to: 2) equals: ''. should: ['hello' copyFrom: 0 to: 2] raise: error ).
        testCase = ( assert: 'Hello' asUppercase equals: 'HELLO'. assert: 'Hello' asLowercase equals: 'hello' ).
        testAsNumber = ( assert: '42' asNumber equals: 42. assert: '3.5' asNumber equals: 3.5. assert: '-7' asNumber equals: -7. assert: 'abc' asNumber equals: nil. assert: '16rFF' asNumber equals: 255 ).
        testSymbols = ( assert: #foo equals: 'foo'. assert: #at:put: equals: 'at:put:'. assert: 'foo' asSymbol == #foo. assert: #+ equals: '+'. assert: #'hello world' equals: 'hello world' ).
        testReversed = ( assert: 'abc' reversed equals: 'cba'. assert: '' reversed equals: '' ).
        testDo = ( | out | out := ''. 'abc' do: [:c | out := c , out]. assert: out equals: 'cba' ).
        testCollect = ( assert: ('abc' collect: [:c | c asUppercase]) equals: 'ABC'. assert: ('a1b2' select: [:c | c asNumber notNil]) equals: '12' ).
        testQuotes = ( assert: 'it''s' size equals: 4. assert: ('it''s' at: 3) equals: ''''. assert: 'it''s' printString equals: '''it''''s''' ).
        testPrintVersusDisplay = ( assert: 'abc' printString equals: '''abc'''. assert: 'abc' displayString equals: 'abc'. assert: 'abc' printString size equals: 5 ).
        testCharacters = ( assert: $a equals: 'a'. assert: $a , $b equals: 'ab' ).
        testBeginsEnds = ( assert: ('hello' beginsWith: 'he'). deny: ('hello' beginsWith: 'lo'). assert: ('hello' endsWith: 'lo'). deny: ('lo' endsWith: 'hello') ).
        testSplitTrim = ( assert: ('a,b,c' splitOn: ',') equals: {'a'. 'b'. 'c'}. assert: '  x  ' trimmed equals: 'x' ).
        testOccurrences = ( assert: ('banana' occurrencesOf: 'a') equals: 3 ).
        testStringsHaveTraits = ( assert: 'x' isString. deny: 3 isString. assert: ('x' respondsTo: #asUppercase) ).
        testMultiLine = ( assert: 'a
b' size equals: 3 ).
        testComments = ( "a comment" assert: 1 "another" equals: 1 ).
    |).
|).
