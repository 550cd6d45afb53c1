"Count the primes below 2,000,000 (or the first argument) with a vector of booleans."
| n flags count |
n := system arguments isEmpty ifTrue: [2000000] ifFalse: [system arguments first asNumber].
flags := vector copySize: n filledWith: true.
count := 0.
2 to: n - 1 do: [:i |
    (flags at: i) ifTrue: [
        count := count + 1.
        i * i to: n - 1 by: i do: [:j | flags at: j put: false]]].
count printLine.
