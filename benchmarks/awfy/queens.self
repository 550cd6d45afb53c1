"Eight queens, solved ten times per iteration (AWFY Queens)."

lobby addSlots: (|
    queensBenchmark = (|
        parent* = benchmarkBase.
        freeMaxs <- nil.
        freeRows <- nil.
        freeMins <- nil.
        queenRows <- nil.
        benchmark = (
            | result |
            result := true.
            1 to: 10 do: [:i | result := result and: [queens]].
            result ).
        verifyResult: result = ( result ).
        queens = (
            freeRows: (vector copySize: 8 filledWith: true).
            freeMaxs: (vector copySize: 16 filledWith: true).
            freeMins: (vector copySize: 16 filledWith: true).
            queenRows: (vector copySize: 8 filledWith: -1).
            placeQueen: 1 ).
        placeQueen: c = (
            1 to: 8 do: [:r |
                (row: r column: c) ifTrue: [
                    queenRows at: r put: c.
                    row: r column: c put: false.
                    c = 8 ifTrue: [^ true].
                    (placeQueen: c + 1) ifTrue: [^ true].
                    row: r column: c put: true]].
            false ).
        row: r column: c = (
            (freeRows at: r) and: [(freeMaxs at: c + r) and: [freeMins at: c - r + 8]] ).
        row: r column: c put: v = (
            freeRows at: r put: v.
            freeMaxs at: c + r put: v.
            freeMins at: c - r + 8 put: v ).
    |).
|).
