"10,000,000 sends (or 3 times the first argument) to user objects with 3 different parents."
| shapes total rounds |
rounds := system arguments isEmpty ifTrue: [3333334] ifFalse: [system arguments first asNumber].
lobby addSlots: (|
    square = (| parent* = traits clonable. side <- 2. area = ( side * side ) |).
    rectangle = (| parent* = traits clonable. w <- 2. h <- 3. area = ( w * h ) |).
    triangle = (| parent* = traits clonable. b <- 4. h <- 5. area = ( b * h // 2 ) |).
|).
shapes := { square clone. rectangle clone. triangle clone }.
total := 0.
1 to: rounds do: [:i |
    total := total + (shapes at: 1) area + (shapes at: 2) area + (shapes at: 3) area].
total printLine.
