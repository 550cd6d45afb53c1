"Collision detection among simulated aircraft, over red-black trees (AWFY CD).
 The inner iteration count is the number of aircraft; only counts with a
 known answer can be verified. Binary messages go left to right, so every
 product in a sum is in parentheses."

lobby addSlots: (|
    cdConstants = (|
        minX = 0.0.
        minY = 0.0.
        maxX = 1000.0.
        maxY = 1000.0.
        minZ = 0.0.
        maxZ = 10.0.
        proximityRadius = 1.0.
        goodVoxelSize = 2.0.
        infPositive = (10.0 raisedTo: 308) * 10.0.
        infNegative = 0.0 - ((10.0 raisedTo: 308) * 10.0).
    |).
    cdCompare = (|
        compare: a with: b = (
            a = b ifTrue: [^ 0].
            a < b ifTrue: [^ -1].
            a > b ifTrue: [^ 1].
            a = a ifTrue: [^ 1].
            -1 ).
    |).
    cdVector2D = (|
        parent* = traits clonable.
        x <- 0.0.
        y <- 0.0.
        x: anX y: aY = ( clone x: anX; y: aY; yourself ).
        plus: other = ( cdVector2D x: x + other x y: y + other y ).
        minus: other = ( cdVector2D x: x - other x y: y - other y ).
        compareTo: other = (
            | result |
            result := cdCompare compare: x with: other x.
            result ~= 0 ifTrue: [^ result].
            cdCompare compare: y with: other y ).
    |).
    cdVector3D = (|
        parent* = traits clonable.
        x <- 0.0.
        y <- 0.0.
        z <- 0.0.
        x: anX y: aY z: aZ = ( clone x: anX; y: aY; z: aZ; yourself ).
        plus: other = ( cdVector3D x: x + other x y: y + other y z: z + other z ).
        minus: other = ( cdVector3D x: x - other x y: y - other y z: z - other z ).
        dot: other = ( (x * other x) + (y * other y) + (z * other z) ).
        squaredMagnitude = ( dot: self ).
        magnitude = ( squaredMagnitude sqrt ).
        times: amount = ( cdVector3D x: x * amount y: y * amount z: z * amount ).
    |).
|).

lobby addSlots: (|
    cdHorizontal = cdVector2D x: cdConstants goodVoxelSize y: 0.0.
    cdVertical = cdVector2D x: 0.0 y: cdConstants goodVoxelSize.
    rbtNode = (|
        parent* = traits clonable.
        key <- nil.
        value <- nil.
        left <- nil.
        right <- nil.
        parentNode <- nil.
        color <- #red.
        key: aKey value: aValue = ( clone key: aKey; value: aValue; color: #red; yourself ).
        successor = (
            | x y |
            x := self.
            x right isNil ifFalse: [^ rbtNode treeMinimum: x right].
            y := x parentNode.
            [y notNil and: [x == y right]] whileTrue: [
                x := y.
                y := y parentNode].
            y ).
        treeMinimum: aNode = (
            | current |
            current := aNode.
            [current left notNil] whileTrue: [current := current left].
            current ).
    |).
    rbtEntry = (|
        parent* = traits clonable.
        key <- nil.
        value <- nil.
        key: aKey value: aValue = ( clone key: aKey; value: aValue; yourself ).
    |).
    rbtInsertResult = (|
        parent* = traits clonable.
        isNewEntry <- false.
        newNode <- nil.
        oldValue <- nil.
        new: isNew node: aNode value: aValue = ( clone isNewEntry: isNew; newNode: aNode; oldValue: aValue; yourself ).
    |).
|).

lobby addSlots: (|
    redBlackTree = (|
        parent* = traits clonable.
        root <- nil.
        new = ( clone root: nil ).
        at: key put: value = (
            | insertion x |
            insertion := treeAt: key insert: value.
            insertion isNewEntry ifFalse: [^ insertion oldValue].
            x := insertion newNode.
            [(x ~~ root) and: [x parentNode color == #red]] whileTrue: [
                x parentNode == x parentNode parentNode left
                    ifTrue: [
                        | y |
                        y := x parentNode parentNode right.
                        (y notNil and: [y color == #red])
                            ifTrue: [
                                x parentNode color: #black.
                                y color: #black.
                                x parentNode parentNode color: #red.
                                x := x parentNode parentNode]
                            ifFalse: [
                                x == x parentNode right ifTrue: [
                                    x := x parentNode.
                                    leftRotate: x].
                                x parentNode color: #black.
                                x parentNode parentNode color: #red.
                                rightRotate: x parentNode parentNode]]
                    ifFalse: [
                        | y |
                        y := x parentNode parentNode left.
                        (y notNil and: [y color == #red])
                            ifTrue: [
                                x parentNode color: #black.
                                y color: #black.
                                x parentNode parentNode color: #red.
                                x := x parentNode parentNode]
                            ifFalse: [
                                x == x parentNode left ifTrue: [
                                    x := x parentNode.
                                    rightRotate: x].
                                x parentNode color: #black.
                                x parentNode parentNode color: #red.
                                leftRotate: x parentNode parentNode]]].
            root color: #black.
            nil ).
        remove: key = (
            | x y z xParent |
            z := findNode: key.
            z isNil ifTrue: [^ nil].
            (z left isNil or: [z right isNil])
                ifTrue: [y := z]
                ifFalse: [y := z successor].
            y left notNil ifTrue: [x := y left] ifFalse: [x := y right].
            x notNil
                ifTrue: [
                    x parentNode: y parentNode.
                    xParent := x parentNode]
                ifFalse: [xParent := y parentNode].
            y parentNode isNil
                ifTrue: [root: x]
                ifFalse: [
                    y == y parentNode left
                        ifTrue: [y parentNode left: x]
                        ifFalse: [y parentNode right: x]].
            y ~~ z
                ifTrue: [
                    y color == #black ifTrue: [removeFixup: x parent: xParent].
                    y parentNode: z parentNode.
                    y color: z color.
                    y left: z left.
                    y right: z right.
                    z left notNil ifTrue: [z left parentNode: y].
                    z right notNil ifTrue: [z right parentNode: y].
                    z parentNode notNil
                        ifTrue: [
                            z parentNode left == z
                                ifTrue: [z parentNode left: y]
                                ifFalse: [z parentNode right: y]]
                        ifFalse: [root: y]]
                ifFalse: [
                    y color == #black ifTrue: [removeFixup: x parent: xParent]].
            z value ).
        at: key = (
            | node |
            node := findNode: key.
            node isNil ifTrue: [nil] ifFalse: [node value] ).
        forEach: aBlock = (
            | current |
            root isNil ifTrue: [^ self].
            current := rbtNode treeMinimum: root.
            [current notNil] whileTrue: [
                aBlock value: (rbtEntry key: current key value: current value).
                current := current successor] ).
        findNode: key = (
            | current |
            current := root.
            [current notNil] whileTrue: [
                | comparison |
                comparison := key compareTo: current key.
                comparison = 0 ifTrue: [^ current].
                comparison < 0
                    ifTrue: [current := current left]
                    ifFalse: [current := current right]].
            nil ).
        treeAt: key insert: value = (
            | x y z |
            y := nil.
            x := root.
            [x notNil] whileTrue: [
                | comparison |
                y := x.
                comparison := key compareTo: x key.
                comparison < 0
                    ifTrue: [x := x left]
                    ifFalse: [
                        comparison > 0
                            ifTrue: [x := x right]
                            ifFalse: [
                                | old |
                                old := x value.
                                x value: value.
                                ^ rbtInsertResult new: false node: nil value: old]]].
            z := rbtNode key: key value: value.
            z parentNode: y.
            y isNil
                ifTrue: [root: z]
                ifFalse: [
                    (key compareTo: y key) < 0
                        ifTrue: [y left: z]
                        ifFalse: [y right: z]].
            rbtInsertResult new: true node: z value: nil ).
        leftRotate: x = (
            | y |
            y := x right.
            x right: y left.
            y left notNil ifTrue: [y left parentNode: x].
            y parentNode: x parentNode.
            x parentNode isNil
                ifTrue: [root: y]
                ifFalse: [
                    x == x parentNode left
                        ifTrue: [x parentNode left: y]
                        ifFalse: [x parentNode right: y]].
            y left: x.
            x parentNode: y.
            y ).
        rightRotate: y = (
            | x |
            x := y left.
            y left: x right.
            x right notNil ifTrue: [x right parentNode: y].
            x parentNode: y parentNode.
            y parentNode isNil
                ifTrue: [root: x]
                ifFalse: [
                    y == y parentNode left
                        ifTrue: [y parentNode left: x]
                        ifFalse: [y parentNode right: x]].
            x right: y.
            y parentNode: x.
            x ).
        removeFixup: aNode parent: aParent = (
            | x xParent |
            x := aNode.
            xParent := aParent.
            [(x ~~ root) and: [x isNil or: [x color == #black]]] whileTrue: [
                x == xParent left
                    ifTrue: [
                        | w |
                        w := xParent right.
                        w color == #red ifTrue: [
                            w color: #black.
                            xParent color: #red.
                            leftRotate: xParent.
                            w := xParent right].
                        ((w left isNil or: [w left color == #black]) and: [
                          w right isNil or: [w right color == #black]])
                            ifTrue: [
                                w color: #red.
                                x := xParent.
                                xParent := x parentNode]
                            ifFalse: [
                                (w right isNil or: [w right color == #black]) ifTrue: [
                                    w left color: #black.
                                    w color: #red.
                                    rightRotate: w.
                                    w := xParent right].
                                w color: xParent color.
                                xParent color: #black.
                                w right notNil ifTrue: [w right color: #black].
                                leftRotate: xParent.
                                x := root.
                                xParent := x parentNode]]
                    ifFalse: [
                        | w |
                        w := xParent left.
                        w color == #red ifTrue: [
                            w color: #black.
                            xParent color: #red.
                            rightRotate: xParent.
                            w := xParent left].
                        ((w right isNil or: [w right color == #black]) and: [
                          w left isNil or: [w left color == #black]])
                            ifTrue: [
                                w color: #red.
                                x := xParent.
                                xParent := x parentNode]
                            ifFalse: [
                                (w left isNil or: [w left color == #black]) ifTrue: [
                                    w right color: #black.
                                    w color: #red.
                                    leftRotate: w.
                                    w := xParent left].
                                w color: xParent color.
                                xParent color: #black.
                                w left notNil ifTrue: [w left color: #black].
                                rightRotate: xParent.
                                x := root.
                                xParent := x parentNode]]].
            x notNil ifTrue: [x color: #black] ).
    |).
|).

lobby addSlots: (|
    cdCallSign = (|
        parent* = traits clonable.
        value <- 0.
        new: aValue = ( clone value: aValue ).
        compareTo: other = (
            value = other value ifTrue: [^ 0].
            value < other value ifTrue: [^ -1].
            1 ).
    |).
    cdCollision = (|
        parent* = traits clonable.
        aircraftA <- nil.
        aircraftB <- nil.
        position <- nil.
        a: a b: b position: p = ( clone aircraftA: a; aircraftB: b; position: p; yourself ).
    |).
    cdAircraft = (|
        parent* = traits clonable.
        callSign <- nil.
        position <- nil.
        callSign: aSign position: aPosition = ( clone callSign: aSign; position: aPosition; yourself ).
    |).
    cdMotion = (|
        parent* = traits clonable.
        callSign <- nil.
        posOne <- nil.
        posTwo <- nil.
        callSign: aSign one: one two: two = ( clone callSign: aSign; posOne: one; posTwo: two; yourself ).
        delta = ( posTwo minus: posOne ).
        findIntersection: other = (
            | init1 init2 vec1 vec2 radius a dist |
            init1 := posOne.
            init2 := other posOne.
            vec1 := delta.
            vec2 := other delta.
            radius := cdConstants proximityRadius.
            a := (vec2 minus: vec1) squaredMagnitude.
            a ~= 0.0 ifTrue: [
                | b c discr v1 v2 |
                b := 2.0 * ((init1 minus: init2) dot: (vec1 minus: vec2)).
                c := (0.0 - (radius * radius)) + (init2 minus: init1) squaredMagnitude.
                discr := (b * b) - (4.0 * a * c).
                discr < 0.0 ifTrue: [^ nil].
                v1 := ((0.0 - b) - discr sqrt) / (2.0 * a).
                v2 := ((0.0 - b) + discr sqrt) / (2.0 * a).
                ((v1 <= v2) and: [
                    ((v1 <= 1.0) and: [1.0 <= v2]) or: [
                    ((v1 <= 0.0) and: [0.0 <= v2]) or: [
                    (0.0 <= v1) and: [v2 <= 1.0]]]]) ifTrue: [
                        | v result1 result2 result |
                        v1 <= 0.0 ifTrue: [v := 0.0] ifFalse: [v := v1].
                        result1 := init1 plus: (vec1 times: v).
                        result2 := init2 plus: (vec2 times: v).
                        result := (result1 plus: result2) times: 0.5.
                        ((result x >= cdConstants minX) and: [
                         (result x <= cdConstants maxX) and: [
                         (result y >= cdConstants minY) and: [
                         (result y <= cdConstants maxY) and: [
                         (result z >= cdConstants minZ) and: [
                          result z <= cdConstants maxZ]]]]]) ifTrue: [^ result]].
                ^ nil].
            dist := (init2 minus: init1) magnitude.
            dist <= radius ifTrue: [^ (init1 plus: init2) times: 0.5].
            nil ).
    |).
|).

lobby addSlots: (|
    cdCollisionDetector = (|
        parent* = traits clonable.
        state <- nil.
        new = ( clone state: redBlackTree new ).
        handleNewFrame: frame = (
            | motions seen toRemove allReduced collisions |
            motions := somVector new.
            seen := redBlackTree new.
            frame forEach: [:aircraft |
                | oldPosition newPosition |
                oldPosition := state at: aircraft callSign put: aircraft position.
                newPosition := aircraft position.
                seen at: aircraft callSign put: true.
                oldPosition isNil ifTrue: [oldPosition := newPosition].
                motions append: (cdMotion callSign: aircraft callSign one: oldPosition two: newPosition)].
            toRemove := somVector new.
            state forEach: [:e | (seen at: e key) isNil ifTrue: [toRemove append: e key]].
            toRemove forEach: [:e | state remove: e].
            allReduced := reduceCollisionSet: motions.
            collisions := somVector new.
            allReduced forEach: [:reduced |
                1 to: reduced size do: [:i |
                    | motion1 |
                    motion1 := reduced at: i.
                    i + 1 to: reduced size do: [:j |
                        | motion2 collision |
                        motion2 := reduced at: j.
                        collision := motion1 findIntersection: motion2.
                        collision notNil ifTrue: [
                            collisions append: (cdCollision a: motion1 callSign b: motion2 callSign position: collision)]]]].
            collisions ).
        isInVoxel: voxel motion: motion = (
            | init fin vS r vX x0 xv vY y0 yv lowX highX lowY highY |
            ((voxel x > cdConstants maxX) or: [
             (voxel x < cdConstants minX) or: [
             (voxel y > cdConstants maxY) or: [
              voxel y < cdConstants minY]]]) ifTrue: [^ false].
            init := motion posOne.
            fin := motion posTwo.
            vS := cdConstants goodVoxelSize.
            r := cdConstants proximityRadius / 2.0.
            vX := voxel x.
            x0 := init x.
            xv := fin x - init x.
            vY := voxel y.
            y0 := init y.
            yv := fin y - init y.
            xv = 0.0
                ifTrue: [
                    lowX := (vX - r - x0) < 0.0 ifTrue: [cdConstants infNegative] ifFalse: [cdConstants infPositive].
                    highX := (vX + vS + r - x0) < 0.0 ifTrue: [cdConstants infNegative] ifFalse: [cdConstants infPositive]]
                ifFalse: [
                    lowX := (vX - r - x0) / xv.
                    highX := (vX + vS + r - x0) / xv].
            xv < 0.0 ifTrue: [
                | tmp |
                tmp := lowX.
                lowX := highX.
                highX := tmp].
            yv = 0.0
                ifTrue: [
                    lowY := (vY - r - y0) < 0.0 ifTrue: [cdConstants infNegative] ifFalse: [cdConstants infPositive].
                    highY := (vY + vS + r - y0) < 0.0 ifTrue: [cdConstants infNegative] ifFalse: [cdConstants infPositive]]
                ifFalse: [
                    lowY := (vY - r - y0) / yv.
                    highY := (vY + vS + r - y0) / yv].
            yv < 0.0 ifTrue: [
                | tmp |
                tmp := lowY.
                lowY := highY.
                highY := tmp].
            (((xv = 0.0) and: [(vX <= (x0 + r)) and: [(x0 - r) <= (vX + vS)]]) or: [
              ((lowX <= 1.0) and: [1.0 <= highX]) or: [
              ((lowX <= 0.0) and: [0.0 <= highX]) or: [
               (0.0 <= lowX) and: [highX <= 1.0]]]]) and: [
            (((yv = 0.0) and: [(vY <= (y0 + r)) and: [(y0 - r) <= (vY + vS)]]) or: [
              ((lowY <= 1.0) and: [1.0 <= highY]) or: [
              ((lowY <= 0.0) and: [0.0 <= highY]) or: [
               (0.0 <= lowY) and: [highY <= 1.0]]]]) and: [
             (xv = 0.0) or: [
             (yv = 0.0) or: [
             ((lowY <= highX) and: [highX <= highY]) or: [
             ((lowY <= lowX) and: [lowX <= highY]) or: [
              (lowX <= lowY) and: [highY <= highX]]]]]]] ).
        put: motion and: voxel into: voxelMap = (
            | array |
            array := voxelMap at: voxel.
            array isNil ifTrue: [
                array := somVector new.
                voxelMap at: voxel put: array].
            array append: motion ).
        recurse: voxelMap seen: seen voxel: nextVoxel motion: motion = (
            (isInVoxel: nextVoxel motion: motion) ifFalse: [^ self].
            (seen at: nextVoxel put: true) = true ifTrue: [^ self].
            put: motion and: nextVoxel into: voxelMap.
            recurse: voxelMap seen: seen voxel: (nextVoxel minus: cdHorizontal) motion: motion.
            recurse: voxelMap seen: seen voxel: (nextVoxel plus: cdHorizontal) motion: motion.
            recurse: voxelMap seen: seen voxel: (nextVoxel minus: cdVertical) motion: motion.
            recurse: voxelMap seen: seen voxel: (nextVoxel plus: cdVertical) motion: motion.
            recurse: voxelMap seen: seen voxel: ((nextVoxel minus: cdHorizontal) minus: cdVertical) motion: motion.
            recurse: voxelMap seen: seen voxel: ((nextVoxel minus: cdHorizontal) plus: cdVertical) motion: motion.
            recurse: voxelMap seen: seen voxel: ((nextVoxel plus: cdHorizontal) minus: cdVertical) motion: motion.
            recurse: voxelMap seen: seen voxel: ((nextVoxel plus: cdHorizontal) plus: cdVertical) motion: motion ).
        reduceCollisionSet: motions = (
            | voxelMap result |
            voxelMap := redBlackTree new.
            motions forEach: [:motion | drawMotion: motion on: voxelMap].
            result := somVector new.
            voxelMap forEach: [:e | e value size > 1 ifTrue: [result append: e value]].
            result ).
        voxelHash: position = (
            | xDiv yDiv x y |
            xDiv := position x // cdConstants goodVoxelSize.
            yDiv := position y // cdConstants goodVoxelSize.
            x := cdConstants goodVoxelSize * xDiv.
            y := cdConstants goodVoxelSize * yDiv.
            position x < 0.0 ifTrue: [x := x - cdConstants goodVoxelSize].
            position y < 0.0 ifTrue: [y := y - cdConstants goodVoxelSize].
            cdVector2D x: x y: y ).
        drawMotion: motion on: voxelMap = (
            recurse: voxelMap seen: redBlackTree new voxel: (voxelHash: motion posOne) motion: motion ).
    |).
    cdSimulator = (|
        parent* = traits clonable.
        aircraft <- nil.
        new: numAircraft = (
            | sim |
            sim := clone aircraft: somVector new.
            0 to: numAircraft - 1 do: [:i | sim aircraft append: (cdCallSign new: i)].
            sim ).
        simulate: time = (
            | frame |
            frame := somVector new.
            1 to: aircraft size by: 2 do: [:i |
                frame append: (cdAircraft callSign: (aircraft at: i)
                    position: (cdVector3D x: time y: (time cos * 2.0) + ((i - 1) * 3.0) z: 10.0)).
                frame append: (cdAircraft callSign: (aircraft at: i + 1)
                    position: (cdVector3D x: time y: (time sin * 2.0) + ((i - 1) * 3.0) z: 10.0))].
            frame ).
    |).
    cdBenchmark = (|
        parent* = benchmarkBase.
        benchmark: numAircraft = (
            | numFrames simulator detector actualCollisions |
            numFrames := 200.
            simulator := cdSimulator new: numAircraft.
            detector := cdCollisionDetector new.
            actualCollisions := 0.
            0 to: numFrames - 1 do: [:i |
                | time collisions |
                time := i / 10.0.
                collisions := detector handleNewFrame: (simulator simulate: time).
                actualCollisions := actualCollisions + collisions size].
            actualCollisions ).
        innerBenchmarkLoop: innerIterations = (
            verify: (benchmark: innerIterations) resultFor: innerIterations ).
        verify: actualCollisions resultFor: numAircraft = (
            numAircraft = 1000 ifTrue: [^ actualCollisions = 14484].
            numAircraft = 500 ifTrue: [^ actualCollisions = 14484].
            numAircraft = 250 ifTrue: [^ actualCollisions = 10830].
            numAircraft = 200 ifTrue: [^ actualCollisions = 8655].
            numAircraft = 100 ifTrue: [^ actualCollisions = 4305].
            numAircraft = 10 ifTrue: [^ actualCollisions = 390].
            numAircraft = 2 ifTrue: [^ actualCollisions = 42].
            ('no verification result for ' , numAircraft printString , '; the result is ' ,
                actualCollisions printString) displayLine.
            false ).
    |).
|).
