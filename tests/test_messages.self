"Conformance: doesNotUnderstand:, the message object, perform:."
lobby addSlots: (|
    recorder = (|
        parent* = traits clonable.
        log <- nil.
        doesNotUnderstand: aMessage = ( log add: aMessage. aMessage selector ).
    |).
    forwarder = (|
        parent* = traits clonable.
        target <- nil.
        doesNotUnderstand: aMessage = ( aMessage receiver == self ifFalse: [^ 'wrong receiver']. target perform: aMessage selector withArguments: aMessage arguments ).
    |).
|).

lobby addSlots: (|
    messageTests = (|
        parent* = testCase.
        newRecorder = ( | r | r := recorder clone. r log: list copy. r ).
        testSelectorAndArguments = (
            | r m |
            r := newRecorder.
            r frobnicate: 1 with: 'two'.
            m := r log first.
            assert: m selector equals: 'frobnicate:with:'.
            assert: m arguments equals: {1. 'two'}.
            assert: m receiver == r ).
        testUnaryAndBinary = (
            | r |
            r := newRecorder.
            r zork.
            r ++ 5.
            assert: (r log collect: [:m | m selector]) asVector equals: {'zork'. '++'}.
            assert: (r log at: 1) arguments isEmpty.
            assert: (r log at: 2) arguments equals: {5} ).
        testHandlerValueIsResult = ( assert: newRecorder gadget equals: 'gadget'. assert: (newRecorder a: 1 b: 2) equals: 'a:b:' ).
        testFreshMessageEachTime = (
            | r |
            r := newRecorder.
            r same. r same.
            assert: r log size equals: 2.
            deny: (r log at: 1) == (r log at: 2).
            assert: (r log at: 1) selector equals: (r log at: 2) selector ).
        testImplicitReceiverSends = ( | r | r := newRecorder. r perform: 'anything'. assert: r log first selector equals: 'anything' ).
        testResend = (
            | f |
            f := forwarder clone.
            f target: 10.
            assert: (f + 5) equals: 15.
            assert: (f max: 20) equals: 20.
            assert: f printString equals: 'a forwarder' ).
        testMessageResend = (
            | m fixed |
            fixed := (| parent* = traits clonable. doesNotUnderstand: aMessage = ( addSlots: (| greet = ( 'hello' ) |). aMessage resend ) |) clone.
            assert: fixed greet equals: 'hello'.
            assert: (fixed includesSlot: 'greet') ).
        testDefaultRaisesNotUnderstood = (
            should: [3 zork] raise: messageNotUnderstood.
            should: [nil foo: 1 bar: 2] raise: messageNotUnderstood.
            should: [(| parent* = traits clonable |) clone missing] raise: messageNotUnderstood ).
        testNotUnderstoodCarriesMessage = (
            | e |
            e := [3 zork: 4] on: messageNotUnderstood do: [:err | err].
            assert: e message selector equals: 'zork:'.
            assert: e message arguments equals: {4}.
            assert: e receiver equals: 3.
            assert: e messageText equals: '3 does not understand #zork:' ).
        testReturnFromNotUnderstood = ( assert: ([nil foo] on: messageNotUnderstood do: [:e | e return: 5]) equals: 5 ).
        testPerform = (
            assert: (3 perform: #factorial) equals: 6.
            assert: (3 perform: #+ with: 4) equals: 7.
            assert: (3 perform: #between:and: with: 1 with: 5).
            assert: ({1. 2. 3} perform: #inject:into: with: 0 with: [:a :b | a + b]) equals: 6.
            assert: (dictionary copy perform: #at:put: with: 1 with: 2) equals: 2 ).
        testPerformWithArguments = (
            assert: (3 perform: #max: withArguments: {9}) equals: 9.
            assert: ('abc' perform: #copyFrom:to: withArguments: {2. 3}) equals: 'bc'.
            should: [3 perform: #max: withArguments: {}] raise: error ).
        testPerformThreeArguments = (
            | o |
            o := (| parent* = traits clonable. a: x b: y c: z = ( x + y + z ) |).
            assert: (o perform: #a:b:c: with: 1 with: 2 with: 3) equals: 6 ).
        testPerformMissingGoesThroughDoesNotUnderstand = ( | r | r := newRecorder. r perform: #nothingHere: with: 1. assert: r log first arguments equals: {1} ).
        testRespondsTo = ( assert: (3 respondsTo: #+). deny: (3 respondsTo: #zork). assert: (newRecorder respondsTo: #log:) ).
    |).
|).
