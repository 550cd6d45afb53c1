"Conformance: lookup order, multiple parents, cycles and resend."
lobby addSlots: (|
    animal = (| parent* = traits clonable. describe = ( 'animal' ). sound = ( '...' ). legs = ( 4 ) |).
    pet = (| parent* = traits clonable. describe = ( 'pet' ). name = ( 'rex' ). legs = ( 3 ) |).
|).

lobby addSlots: (|
    dog = (|
        parent* = animal.
        other* = pet.
        describe = ( 'dog, ' , resend.describe ).
        legs = ( resend.legs + 10 ).
        sound = ( 'woof and ' , super sound ).
    |).
    cat = (| second* = pet. first* = animal. |).
|).

lobby addSlots: (|
    puppy = (| parent* = dog. describe = ( 'puppy, ' , resend.describe ) |).
|).

lobby addSlots: (|
    resendTests = (|
        parent* = testCase.
        testOwnSlotsFirst = ( assert: dog describe equals: 'dog, animal' ).
        testParentsInDeclarationOrder = ( assert: dog name equals: 'rex'. assert: cat legs equals: 3. assert: cat describe equals: 'pet' ).
        testResendGoesAboveTheHolder = ( assert: dog legs equals: 14. assert: dog sound equals: 'woof and ...' ).
        testResendChain = ( assert: puppy describe equals: 'puppy, dog, animal' ).
        testResendOnClone = ( assert: dog clone describe equals: 'dog, animal' ).
        testResendOnChildUsesChildAsSelf = (
            | p |
            p := (| parent* = dog. name = ( 'fido' ). describe = ( resend.describe , ' called ' , name ) |).
            assert: p describe equals: 'dog, animal called fido' ).
        testResendWithArguments = (
            | base derived |
            base := (| parent* = traits clonable. add: x to: y = ( x + y ) |).
            derived := (| parent* = base. add: x to: y = ( (resend.add: x to: y) * 2 ) |).
            assert: (derived add: 1 to: 2) equals: 6 ).
        testBinaryResend = (
            | base derived |
            base := (| parent* = traits clonable. + x = ( x ) |).
            derived := (| parent* = base. + x = ( (resend.+ x) + 1 ) |).
            assert: derived + 5 equals: 6 ).
        testResendNotFound = ( | o | o := (| parent* = traits clonable. zork = ( resend.zork ) |). should: [o zork] raise: messageNotUnderstood ).
        testCycleIsVisitedOnce = (
            | a b |
            a := (| parent* = traits clonable. x = 1 |) clone.
            b := (| p* = a. y = 2 |).
            a addSlots: (| q* = b |).
            assert: a y equals: 2.
            assert: b x equals: 1.
            should: [a nothing] raise: messageNotUnderstood ).
        testDepthFirst = (
            | left right child |
            left := (| parent* = (| deep = 'left-deep' |). |).
            right := (| deep = 'right' |).
            child := (| a* = left. b* = right |).
            assert: child deep equals: 'left-deep' ).
        testImplicitReceiverFindsParentSlots = (
            | o |
            o := (| parent* = dog. test = ( name , ' ' , describe ) |).
            assert: o test equals: 'rex dog, animal' ).
        testAssignableParent = (
            | o |
            o := (| parent* <- animal |) clone.
            assert: o describe equals: 'animal'.
            o parent: pet.
            assert: o describe equals: 'pet' ).
        testSetterThroughParentChangesHolder = (
            | proto child |
            proto := (| parent* = traits clonable. count <- 0 |).
            child := (| parent* = proto |).
            child count: 5.
            assert: proto count equals: 5.
            assert: (child count: 6) == child ).
    |).
|).
