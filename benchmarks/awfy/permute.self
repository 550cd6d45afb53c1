"Counts the calls made while generating the permutations of six (AWFY Permute)."

lobby addSlots: (|
    permuteBenchmark = (|
        parent* = benchmarkBase.
        count <- 0.
        v <- nil.
        benchmark = (
            count: 0.
            v: (vector copySize: 6 filledWith: 0).
            permute: 6.
            count ).
        permute: n = (
            count: count + 1.
            n ~= 0 ifTrue: [
                permute: n - 1.
                n to: 1 by: -1 do: [:i |
                    swap: n with: i.
                    permute: n - 1.
                    swap: n with: i]] ).
        swap: i with: j = (
            | tmp |
            tmp := v at: i.
            v at: i put: (v at: j).
            v at: j put: tmp ).
        verifyResult: result = ( result = 8660 ).
    |).
|).
