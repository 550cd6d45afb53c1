"Sum 1..3,000,000 (or 1..the first argument) with to:do:."
| sum size |
size := system arguments isEmpty ifTrue: [3000000] ifFalse: [system arguments first asNumber].
sum := 0.
1 to: size do: [:i | sum := sum + i].
sum printLine.
