"The Mandelbrot set as a bitmap, XOR-folded into one number (AWFY Mandelbrot).
 The problem size is the inner iteration count; only sizes with a known
 answer can be verified."

lobby addSlots: (|
    mandelbrotBenchmark = (|
        parent* = benchmarkBase.
        innerBenchmarkLoop: innerIterations = (
            verify: (mandelbrot: innerIterations) inner: innerIterations ).
        verify: result inner: innerIterations = (
            innerIterations = 500 ifTrue: [^ result = 191].
            innerIterations = 750 ifTrue: [^ result = 50].
            innerIterations = 1 ifTrue: [^ result = 128].
            ('no verification result for ' , innerIterations printString , '; the result is ' ,
                result printString) displayLine.
            false ).
        mandelbrot: size = (
            | sum byteAcc bitNum y |
            sum := 0.
            byteAcc := 0.
            bitNum := 0.
            y := 0.
            [y < size] whileTrue: [
                | ci x |
                ci := (2.0 * y / size) - 1.0.
                x := 0.
                [x < size] whileTrue: [
                    | zrzr zi zizi cr escape z notDone |
                    zrzr := 0.0.
                    zi := 0.0.
                    zizi := 0.0.
                    cr := (2.0 * x / size) - 1.5.
                    z := 0.
                    notDone := true.
                    escape := 0.
                    [notDone and: [z < 50]] whileTrue: [
                        | zr |
                        zr := zrzr - zizi + cr.
                        zi := 2.0 * zr * zi + ci.
                        zrzr := zr * zr.
                        zizi := zi * zi.
                        (zrzr + zizi) > 4.0 ifTrue: [
                            notDone := false.
                            escape := 1].
                        z := z + 1].
                    byteAcc := (byteAcc << 1) + escape.
                    bitNum := bitNum + 1.
                    bitNum = 8
                        ifTrue: [
                            sum := sum bitXor: byteAcc.
                            byteAcc := 0.
                            bitNum := 0]
                        ifFalse: [
                            x = (size - 1) ifTrue: [
                                byteAcc := byteAcc << (8 - bitNum).
                                sum := sum bitXor: byteAcc.
                                byteAcc := 0.
                                bitNum := 0]].
                    x := x + 1].
                y := y + 1].
            sum ).
    |).
|).
