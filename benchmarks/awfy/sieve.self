"Sieve of Eratosthenes over 5000 flags (AWFY Sieve)."

lobby addSlots: (|
    sieveBenchmark = (|
        parent* = benchmarkBase.
        benchmark = ( | flags | flags := vector copySize: 5000 filledWith: true. sieve: flags size: 5000 ).
        sieve: flags size: size = (
            | primeCount |
            primeCount := 0.
            2 to: size do: [:i |
                (flags at: i - 1) ifTrue: [
                    | k |
                    primeCount := primeCount + 1.
                    k := i + i.
                    [k <= size] whileTrue: [
                        flags at: k - 1 put: false.
                        k := k + i]]].
            primeCount ).
        verifyResult: result = ( result = 669 ).
    |).
|).
