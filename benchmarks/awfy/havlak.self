"Havlak's loop recognition on a large synthetic control-flow graph (AWFY Havlak).
 The inner iteration count is the number of dummy loop searches; only counts
 with a known answer can be verified."

lobby addSlots: (|
    havlakBasicBlock = (|
        parent* = traits clonable.
        inEdges <- nil.
        outEdges <- nil.
        name <- 0.
        new: aName = ( clone inEdges: (somVector new: 2); outEdges: (somVector new: 2); name: aName; yourself ).
        numPred = ( inEdges size ).
        addOutEdge: to = ( outEdges append: to ).
        addInEdge: from = ( inEdges append: from ).
        customHash = ( name ).
    |).
    havlakBasicBlockEdge = (|
        parent* = traits clonable.
        from <- nil.
        to <- nil.
        for: cfg from: fromName to: toName = (
            | edge |
            edge := clone from: (cfg createNode: fromName); to: (cfg createNode: toName); yourself.
            edge from addOutEdge: edge to.
            edge to addInEdge: edge from.
            cfg addEdge: edge.
            edge ).
    |).
    havlakControlFlowGraph = (|
        parent* = traits clonable.
        basicBlockMap <- nil.
        startNode <- nil.
        edgeList <- nil.
        new = ( clone basicBlockMap: somVector new; edgeList: somVector new; startNode: nil; yourself ).
        createNode: name = (
            | node |
            (basicBlockMap at: name) isNil
                ifTrue: [
                    node := havlakBasicBlock new: name.
                    basicBlockMap at: name put: node]
                ifFalse: [node := basicBlockMap at: name].
            numNodes = 1 ifTrue: [startNode: node].
            node ).
        addEdge: edge = ( edgeList append: edge ).
        numNodes = ( basicBlockMap size ).
        startBasicBlock = ( startNode ).
        basicBlocks = ( basicBlockMap ).
    |).
    havlakSimpleLoop = (|
        parent* = traits clonable.
        counter <- 0.
        depthLevel <- 0.
        parentLoop <- nil.
        isRoot <- false.
        nestingLevel <- 0.
        header <- nil.
        isReducible <- false.
        basicBlocks <- nil.
        children <- nil.
        basicBlock: aBB reducible: aBool = (
            | loop |
            loop := clone counter: 0; depthLevel: 0; parentLoop: nil; isRoot: false; nestingLevel: 0;
                header: aBB; isReducible: aBool; basicBlocks: somIdentitySet new;
                children: somIdentitySet new; yourself.
            aBB isNil ifFalse: [loop basicBlocks add: aBB].
            loop ).
        addNode: bb = ( basicBlocks add: bb ).
        addChildLoop: loop = ( children add: loop ).
        setParent: aLoop = (
            parentLoop: aLoop.
            aLoop addChildLoop: self ).
        setNestingLevel: level = (
            nestingLevel: level.
            level = 0 ifTrue: [isRoot: true] ).
    |).
    havlakLoopStructureGraph = (|
        parent* = traits clonable.
        root <- nil.
        loops <- nil.
        loopCounter <- 0.
        new = (
            | lsg |
            lsg := clone root: (havlakSimpleLoop basicBlock: nil reducible: false);
                loops: somVector new; loopCounter: 0; yourself.
            lsg root setNestingLevel: 0.
            lsg root counter: lsg loopCounter.
            lsg loopCounter: lsg loopCounter + 1.
            lsg loops append: lsg root.
            lsg ).
        createNewLoop: bb reducible: isReducible = (
            | loop |
            loop := havlakSimpleLoop basicBlock: bb reducible: isReducible.
            loop counter: loopCounter.
            loopCounter: loopCounter + 1.
            loops append: loop.
            loop ).
        calculateNestingLevel = (
            loops forEach: [:liter |
                liter isRoot ifFalse: [
                    liter parentLoop isNil ifTrue: [liter setParent: root]]].
            calculateNestingLevelRec: root depth: 0 ).
        calculateNestingLevelRec: loop depth: depth = (
            loop depthLevel: depth.
            loop children forEach: [:liter |
                calculateNestingLevelRec: liter depth: depth + 1.
                loop setNestingLevel: (loop nestingLevel max: 1 + liter nestingLevel)] ).
        numLoops = ( loops size ).
    |).
    havlakUnionFindNode = (|
        parent* = traits clonable.
        parentNode <- nil.
        bb <- nil.
        dfsNumber <- 0.
        loop <- nil.
        new = ( clone dfsNumber: 0 ).
        initNode: aBB dfs: aNumber = (
            parentNode: self.
            bb: aBB.
            dfsNumber: aNumber ).
        findSet = (
            | nodeList node |
            nodeList := somVector new.
            node := self.
            [node ~~ node parentNode] whileTrue: [
                node parentNode ~~ node parentNode parentNode ifTrue: [nodeList append: node].
                node := node parentNode].
            nodeList forEach: [:iter | iter union: parentNode].
            node ).
        union: basicBlock = ( parentNode: basicBlock ).
    |).
|).

lobby addSlots: (|
    havlakLoopFinder = (|
        parent* = traits clonable.
        cfg <- nil.
        lsg <- nil.
        nonBackPreds <- nil.
        backPreds <- nil.
        number <- nil.
        maxSize <- 0.
        header <- nil.
        type <- nil.
        last <- nil.
        nodes <- nil.
        unvisited = 2147483647.
        maxNonBackPreds = 32768.
        new: aCfg lsg: aLsg = (
            clone cfg: aCfg; lsg: aLsg; nonBackPreds: somVector new; backPreds: somVector new;
                number: somIdentityDictionary new; maxSize: 0; yourself ).
        isAncestor: w v: v = ( (w <= v) and: [v <= (last at: w)] ).
        doDFS: currentNode current: current = (
            | lastId outerBlocks |
            (nodes at: current) initNode: currentNode dfs: current.
            number at: currentNode put: current.
            lastId := current.
            outerBlocks := currentNode outEdges.
            1 to: outerBlocks size do: [:i |
                | target |
                target := outerBlocks at: i.
                (number at: target) = unvisited ifTrue: [
                    lastId := doDFS: target current: lastId + 1]].
            last at: current put: lastId.
            lastId ).
        initAllNodes = (
            cfg basicBlocks forEach: [:bb | number at: bb put: unvisited].
            doDFS: cfg startBasicBlock current: 1 ).
        identifyEdges: size = (
            1 to: size do: [:w |
                | nodeW |
                header at: w put: 1.
                type at: w put: #BBNonHeader.
                nodeW := (nodes at: w) bb.
                nodeW isNil
                    ifTrue: [type at: w put: #BBDead]
                    ifFalse: [processEdges: nodeW w: w]] ).
        processEdges: nodeW w: w = (
            nodeW numPred > 0 ifTrue: [
                nodeW inEdges forEach: [:nodeV |
                    | v |
                    v := number at: nodeV.
                    v ~= unvisited ifTrue: [
                        (isAncestor: w v: v)
                            ifTrue: [(backPreds at: w) append: v]
                            ifFalse: [(nonBackPreds at: w) add: v]]]] ).
        findLoops = (
            | size |
            cfg startBasicBlock isNil ifTrue: [^ self].
            size := cfg numNodes.
            nonBackPreds removeAll.
            backPreds removeAll.
            number removeAll.
            size > maxSize ifTrue: [
                header: (vector copySize: size).
                type: (vector copySize: size).
                last: (vector copySize: size).
                nodes: (vector copySize: size).
                maxSize: size].
            1 to: size do: [:i |
                nonBackPreds append: somSet new.
                backPreds append: somVector new.
                nodes at: i put: havlakUnionFindNode new].
            initAllNodes.
            identifyEdges: size.
            header at: 1 put: 1.
            size to: 1 by: -1 do: [:w |
                | nodePool nodeW |
                nodePool := somVector new.
                nodeW := (nodes at: w) bb.
                nodeW isNil ifFalse: [
                    | workList |
                    stepD: w nodePool: nodePool.
                    workList := somVector new.
                    nodePool forEach: [:niter | workList append: niter].
                    nodePool size ~= 0 ifTrue: [type at: w put: #BBReducible].
                    [workList isEmpty] whileFalse: [
                        | x nonBackSize |
                        x := workList removeFirst.
                        nonBackSize := (nonBackPreds at: x dfsNumber) size.
                        nonBackSize > maxNonBackPreds ifTrue: [^ self].
                        stepEProcessNonBackPreds: w nodePool: nodePool workList: workList x: x].
                    ((nodePool size > 0) or: [(type at: w) = #BBSelf]) ifTrue: [
                        | loop |
                        loop := lsg createNewLoop: nodeW reducible: (type at: w) ~= #BBIrreducible.
                        setLoopAttribute: w nodePool: nodePool loop: loop]]] ).
        stepEProcessNonBackPreds: w nodePool: nodePool workList: workList x: x = (
            (nonBackPreds at: x dfsNumber) forEach: [:iter |
                | y ydash |
                y := nodes at: iter.
                ydash := y findSet.
                (isAncestor: w v: ydash dfsNumber) not
                    ifTrue: [
                        type at: w put: #BBIrreducible.
                        (nonBackPreds at: w) add: ydash dfsNumber]
                    ifFalse: [
                        ydash dfsNumber ~= w ifTrue: [
                            (nodePool hasSome: [:e | e == ydash]) ifFalse: [
                                workList append: ydash.
                                nodePool append: ydash]]]] ).
        setLoopAttribute: w nodePool: nodePool loop: loop = (
            (nodes at: w) loop: loop.
            nodePool forEach: [:node |
                header at: node dfsNumber put: w.
                node union: (nodes at: w).
                node loop isNil
                    ifTrue: [loop addNode: node bb]
                    ifFalse: [node loop setParent: loop]] ).
        stepD: w nodePool: nodePool = (
            (backPreds at: w) forEach: [:v |
                v ~= w
                    ifTrue: [nodePool append: (nodes at: v) findSet]
                    ifFalse: [type at: w put: #BBSelf]] ).
    |).
    havlakLoopTesterApp = (|
        parent* = traits clonable.
        cfg <- nil.
        lsg <- nil.
        new = (
            | app |
            app := clone cfg: havlakControlFlowGraph new; lsg: havlakLoopStructureGraph new; yourself.
            app cfg createNode: 1.
            app ).
        buildDiamond: start = (
            | bb0 |
            bb0 := start.
            havlakBasicBlockEdge for: cfg from: bb0 to: bb0 + 1.
            havlakBasicBlockEdge for: cfg from: bb0 to: bb0 + 2.
            havlakBasicBlockEdge for: cfg from: bb0 + 1 to: bb0 + 3.
            havlakBasicBlockEdge for: cfg from: bb0 + 2 to: bb0 + 3.
            bb0 + 3 ).
        buildConnect: start end: end = ( havlakBasicBlockEdge for: cfg from: start to: end ).
        buildStraight: start n: n = (
            0 to: n - 1 do: [:i | buildConnect: start + i end: start + i + 1].
            start + n ).
        buildBaseLoop: from = (
            | header diamond1 d11 diamond2 footer |
            header := buildStraight: from n: 1.
            diamond1 := buildDiamond: header.
            d11 := buildStraight: diamond1 n: 1.
            diamond2 := buildDiamond: d11.
            footer := buildStraight: diamond2 n: 1.
            buildConnect: diamond2 end: d11.
            buildConnect: diamond1 end: header.
            buildConnect: footer end: from.
            buildStraight: footer n: 1 ).
        main: numDummyLoops loop: findLoopIterations p: parLoops p: pparLoops p: ppparLoops = (
            constructSimpleCFG.
            addDummyLoops: numDummyLoops.
            constructCFG: parLoops p: pparLoops p: ppparLoops.
            findLoops: lsg.
            findLoopIterations timesRepeat: [findLoops: havlakLoopStructureGraph new].
            lsg calculateNestingLevel.
            { lsg numLoops. cfg numNodes } ).
        constructCFG: parLoops p: pparLoops p: ppparLoops = (
            | n |
            n := 3.
            parLoops timesRepeat: [
                cfg createNode: n + 1.
                buildConnect: 2 end: n + 1.
                n := n + 1.
                pparLoops timesRepeat: [
                    | top bottom |
                    top := n.
                    n := buildStraight: n n: 1.
                    ppparLoops timesRepeat: [n := buildBaseLoop: n].
                    bottom := buildStraight: n n: 1.
                    buildConnect: n end: top.
                    n := bottom].
                buildConnect: n end: 1] ).
        addDummyLoops: numDummyLoops = ( numDummyLoops timesRepeat: [findLoops: lsg] ).
        findLoops: loopStructure = ( (havlakLoopFinder new: cfg lsg: loopStructure) findLoops ).
        constructSimpleCFG = (
            cfg createNode: 1.
            buildBaseLoop: 1.
            cfg createNode: 2.
            havlakBasicBlockEdge for: cfg from: 1 to: 3 ).
    |).
    havlakBenchmark = (|
        parent* = benchmarkBase.
        findLoopIterations <- 50.
        innerBenchmarkLoop: innerIterations = (
            verifyResult: (havlakLoopTesterApp new main: innerIterations loop: findLoopIterations p: 10 p: 10 p: 5)
                iterations: innerIterations ).
        verifyResult: result iterations: innerIterations = (
            | loops |
            loops := result at: 1.
            (result at: 2) = 5213 ifFalse: [^ false].
            innerIterations = 15000 ifTrue: [^ loops = 46602].
            innerIterations = 1500 ifTrue: [^ loops = 6102].
            innerIterations = 150 ifTrue: [^ loops = 2052].
            innerIterations = 15 ifTrue: [^ loops = 1647].
            innerIterations = 1 ifTrue: [^ loops = 1605].
            ('no verification result for ' , innerIterations printString , '; the result is ' ,
                result printString) displayLine.
            false ).
    |).
|).
