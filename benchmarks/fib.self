"Recursive Fibonacci of 27: sends, integer arithmetic, ifTrue:ifFalse:."
lobby addSlots: (| fib: n = ( n < 2 ifTrue: [n] ifFalse: [(fib: n - 1) + (fib: n - 2)] ) |).
(fib: 27) printLine.
