"Recursive list tails, the Takeuchi function on linked lists (AWFY List)."

lobby addSlots: (|
    listElement = (|
        parent* = traits clonable.
        val <- nil.
        next <- nil.
        new: v = ( clone val: v ).
        length = ( next isNil ifTrue: [1] ifFalse: [1 + next length] ).
    |).
    listBenchmark = (|
        parent* = benchmarkBase.
        benchmark = (
            | result |
            result := tailWithX: (makeList: 15) withY: (makeList: 10) withZ: (makeList: 6).
            result length ).
        verifyResult: result = ( result = 10 ).
        makeList: length = (
            length = 0
                ifTrue: [nil]
                ifFalse: [
                    | e |
                    e := listElement new: length.
                    e next: (makeList: length - 1).
                    e] ).
        isShorter: x than: y = (
            | xTail yTail |
            xTail := x.
            yTail := y.
            [yTail isNil] whileFalse: [
                xTail isNil ifTrue: [^ true].
                xTail := xTail next.
                yTail := yTail next].
            false ).
        tailWithX: x withY: y withZ: z = (
            (isShorter: y than: x)
                ifTrue: [
                    tailWithX: (tailWithX: x next withY: y withZ: z)
                    withY: (tailWithX: y next withY: z withZ: x)
                    withZ: (tailWithX: z next withY: x withZ: y)]
                ifFalse: [z] ).
    |).
|).
