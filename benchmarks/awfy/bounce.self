"A hundred balls bouncing in a box for fifty steps (AWFY Bounce)."

lobby addSlots: (|
    ball = (|
        parent* = traits clonable.
        x <- 0.
        y <- 0.
        xVel <- 0.
        yVel <- 0.
        new: random = (
            clone x: random next \\ 500; y: random next \\ 500;
                  xVel: random next \\ 300 - 150; yVel: random next \\ 300 - 150; yourself ).
        bounce = (
            | xLimit yLimit bounced |
            xLimit := 500.
            yLimit := 500.
            bounced := false.
            x: x + xVel.
            y: y + yVel.
            x > xLimit ifTrue: [x: xLimit. xVel: 0 - xVel abs. bounced := true].
            x < 0 ifTrue: [x: 0. xVel: xVel abs. bounced := true].
            y > yLimit ifTrue: [y: yLimit. yVel: 0 - yVel abs. bounced := true].
            y < 0 ifTrue: [y: 0. yVel: yVel abs. bounced := true].
            bounced ).
    |).
    bounceBenchmark = (|
        parent* = benchmarkBase.
        benchmark = (
            | ballCount balls bounces random |
            random := somRandom new.
            ballCount := 100.
            bounces := 0.
            balls := vector copySize: ballCount.
            1 to: ballCount do: [:i | balls at: i put: (ball new: random)].
            1 to: 50 do: [:i |
                balls do: [:b | b bounce ifTrue: [bounces := bounces + 1]]].
            bounces ).
        verifyResult: result = ( result = 1331 ).
    |).
|).
