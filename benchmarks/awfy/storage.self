"Builds a tree of arrays of random sizes: allocation and GC (AWFY Storage)."

lobby addSlots: (|
    storageBenchmark = (|
        parent* = benchmarkBase.
        count <- 0.
        benchmark = (
            | random |
            random := somRandom new.
            count: 0.
            buildTreeDepth: 7 with: random.
            count ).
        verifyResult: result = ( result = 5461 ).
        buildTreeDepth: depth with: random = (
            count: count + 1.
            depth = 1
                ifTrue: [vector copySize: random next \\ 10 + 1]
                ifFalse: [
                    | array |
                    array := vector copySize: 4.
                    1 to: 4 do: [:i | array at: i put: (buildTreeDepth: depth - 1 with: random)].
                    array] ).
    |).
|).
