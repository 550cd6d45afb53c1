"The base of every selfpy benchmark: AWFY's inner benchmark loop.
 A benchmark is an object whose parent is `benchmarkBase`; it answers
 a result from `benchmark` and checks it with `verifyResult:`."

lobby addSlots: (|
    benchmarkBase = (|
        parent* = traits clonable.
        innerBenchmarkLoop: innerIterations = (
            1 to: innerIterations do: [:i |
                (verifyResult: benchmark) ifFalse: [^ false]].
            true ).
        benchmark = ( subclassResponsibility ).
        verifyResult: result = ( subclassResponsibility ).
    |).
|).
