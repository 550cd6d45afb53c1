"Sum 1..3,000,000 with to:do:."
| sum |
sum := 0.
1 to: 3000000 do: [:i | sum := sum + i].
sum printLine.
