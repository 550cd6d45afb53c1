"The Jovian planets' orbits, advanced step by step (AWFY NBody).
 The inner iteration count is the number of steps; only counts with a known
 energy can be verified. Binary messages go left to right, so every
 product in a sum is in parentheses."

lobby addSlots: (|
    nbodyBody = (|
        parent* = traits clonable.
        x <- 0.0.
        y <- 0.0.
        z <- 0.0.
        vx <- 0.0.
        vy <- 0.0.
        vz <- 0.0.
        mass <- 0.0.
        pi = 3.141592653589793.
        daysPerYear = 365.24.
        solarMass = ( 4 * pi * pi ).
        x: anX y: aY z: aZ vx: aVX vy: aVY vz: aVZ mass: aMass = (
            clone x: anX; y: aY; z: aZ;
                  vx: aVX * daysPerYear; vy: aVY * daysPerYear; vz: aVZ * daysPerYear;
                  mass: aMass * solarMass; yourself ).
        offsetMomentumX: px y: py z: pz = (
            vx: 0.0 - (px / solarMass).
            vy: 0.0 - (py / solarMass).
            vz: 0.0 - (pz / solarMass) ).
        jupiter = (
            x: 4.8414314424647209 y: -1.16032004402742839 z: -0.103622044471123109
            vx: 0.00166007664274403694 vy: 0.00769901118419740425 vz: -0.0000690460016972063023
            mass: 0.000954791938424326609 ).
        saturn = (
            x: 8.34336671824457987 y: 4.12479856412430479 z: -0.403523417114321381
            vx: -0.00276742510726862411 vy: 0.00499852801234917238 vz: 0.0000230417297573763929
            mass: 0.000285885980666130812 ).
        uranus = (
            x: 12.894369562139131 y: -15.1111514016986312 z: -0.223307578892655734
            vx: 0.00296460137564761618 vy: 0.0023784717395948095 vz: -0.0000296589568540237556
            mass: 0.0000436624404335156298 ).
        neptune = (
            x: 15.3796971148509165 y: -25.9193146099879641 z: 0.179258772950371181
            vx: 0.00268067772490389322 vy: 0.00162824170038242295 vz: -0.000095159225451971587
            mass: 0.0000515138902046611451 ).
        sun = ( x: 0.0 y: 0.0 z: 0.0 vx: 0.0 vy: 0.0 vz: 0.0 mass: 1.0 ).
    |).
    nbodySystem = (|
        parent* = traits clonable.
        bodies <- nil.
        new = ( clone bodies: createBodies ).
        createBodies = (
            | px py pz result |
            result := vector copySize: 5.
            result at: 1 put: nbodyBody sun.
            result at: 2 put: nbodyBody jupiter.
            result at: 3 put: nbodyBody saturn.
            result at: 4 put: nbodyBody uranus.
            result at: 5 put: nbodyBody neptune.
            px := 0.0.
            py := 0.0.
            pz := 0.0.
            result do: [:b |
                px := px + (b vx * b mass).
                py := py + (b vy * b mass).
                pz := pz + (b vz * b mass)].
            (result at: 1) offsetMomentumX: px y: py z: pz.
            result ).
        advance: dt = (
            1 to: bodies size do: [:i |
                | iBody |
                iBody := bodies at: i.
                i + 1 to: bodies size do: [:j |
                    | dx dy dz jBody dSquared distance mag |
                    jBody := bodies at: j.
                    dx := iBody x - jBody x.
                    dy := iBody y - jBody y.
                    dz := iBody z - jBody z.
                    dSquared := (dx * dx) + (dy * dy) + (dz * dz).
                    distance := dSquared sqrt.
                    mag := dt / (dSquared * distance).
                    iBody vx: iBody vx - (dx * jBody mass * mag).
                    iBody vy: iBody vy - (dy * jBody mass * mag).
                    iBody vz: iBody vz - (dz * jBody mass * mag).
                    jBody vx: jBody vx + (dx * iBody mass * mag).
                    jBody vy: jBody vy + (dy * iBody mass * mag).
                    jBody vz: jBody vz + (dz * iBody mass * mag)]].
            bodies do: [:body |
                body x: body x + (dt * body vx).
                body y: body y + (dt * body vy).
                body z: body z + (dt * body vz)] ).
        energy = (
            | e |
            e := 0.0.
            1 to: bodies size do: [:i |
                | iBody |
                iBody := bodies at: i.
                e := e + (0.5 * iBody mass *
                    ((iBody vx * iBody vx) + (iBody vy * iBody vy) + (iBody vz * iBody vz))).
                i + 1 to: bodies size do: [:j |
                    | jBody dx dy dz distance |
                    jBody := bodies at: j.
                    dx := iBody x - jBody x.
                    dy := iBody y - jBody y.
                    dz := iBody z - jBody z.
                    distance := ((dx * dx) + (dy * dy) + (dz * dz)) sqrt.
                    e := e - ((iBody mass * jBody mass) / distance)]].
            e ).
    |).
    nbodyBenchmark = (|
        parent* = benchmarkBase.
        innerBenchmarkLoop: innerIterations = (
            | system |
            system := nbodySystem new.
            1 to: innerIterations do: [:i | system advance: 0.01].
            verify: system energy for: innerIterations ).
        verify: result for: innerIterations = (
            innerIterations = 250000 ifTrue: [^ result = -0.1690859889909308].
            innerIterations = 100000 ifTrue: [^ result = -0.16907985939165887].
            innerIterations = 1 ifTrue: [^ result = -0.16907495402506745].
            ('no verification result for ' , innerIterations printString , '; the result is ' ,
                result printString) displayLine.
            false ).
    |).
|).
