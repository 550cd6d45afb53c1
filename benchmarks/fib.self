"Recursive Fibonacci of 27 (or of the first argument): sends, integer arithmetic, ifTrue:ifFalse:."
| size |
size := system arguments isEmpty ifTrue: [27] ifFalse: [system arguments first asNumber].
lobby addSlots: (| fib: n = ( n < 2 ifTrue: [n] ifFalse: [(fib: n - 1) + (fib: n - 2)] ) |).
(fib: size) printLine.
