"The DeltaBlue incremental constraint solver: a chain and a projection
 (AWFY DeltaBlue). The inner iteration count is the size of the networks.
 A constraint kind is a traits object; its prototype holds the data slots."

lobby addSlots: (|
    deltaSym = (|
        parent* = traits clonable.
        symHash <- 0.
        new: aHash = ( clone symHash: aHash ).
        customHash = ( symHash ).
    |).
|).

lobby addSlots: (|
    deltaSyms = (|
        absoluteStrongest = deltaSym new: 0.
        required = deltaSym new: 1.
        strongPreferred = deltaSym new: 2.
        preferred = deltaSym new: 3.
        strongDefault = deltaSym new: 4.
        default = deltaSym new: 5.
        weakDefault = deltaSym new: 6.
        absoluteWeakest = deltaSym new: 7.
    |).
    deltaStrength = (|
        parent* = traits clonable.
        symbolicValue <- nil.
        arithmeticValue <- 0.
        new: aSymbol table: aTable = (
            clone symbolicValue: aSymbol; arithmeticValue: (aTable at: aSymbol); yourself ).
        sameAs: s = ( arithmeticValue = s arithmeticValue ).
        stronger: s = ( arithmeticValue < s arithmeticValue ).
        weaker: s = ( arithmeticValue > s arithmeticValue ).
        strongest: s = ( (s stronger: self) ifTrue: [s] ifFalse: [self] ).
        weakest: s = ( (s weaker: self) ifTrue: [s] ifFalse: [self] ).
    |).
|).

lobby addSlots: (|
    deltaStrengths = (|
        parent* = traits clonable.
        table <- nil.
        constants <- nil.
        absoluteWeakest <- nil.
        required <- nil.
        initialize = (
            table: somIdentityDictionary new.
            table at: deltaSyms absoluteStrongest put: -10000.
            table at: deltaSyms required put: -800.
            table at: deltaSyms strongPreferred put: -600.
            table at: deltaSyms preferred put: -400.
            table at: deltaSyms strongDefault put: -200.
            table at: deltaSyms default put: 0.
            table at: deltaSyms weakDefault put: 500.
            table at: deltaSyms absoluteWeakest put: 10000.
            constants: somIdentityDictionary new.
            table keys forEach: [:key | constants at: key put: (deltaStrength new: key table: table)].
            absoluteWeakest: (of: deltaSyms absoluteWeakest).
            required: (of: deltaSyms required) ).
        of: aSymbol = ( constants at: aSymbol ).
    |).
|).

deltaStrengths initialize.

lobby addSlots: (|
    deltaPlan = (|
        parent* = somVector.
        firstIdx <- 1.
        lastIdx <- 1.
        storage <- nil.
        new = ( clone initialize: 15 ).
        execute = ( forEach: [:c | c execute] ).
    |).
    deltaVariable = (|
        parent* = traits clonable.
        value <- 0.
        constraints <- nil.
        determinedBy <- nil.
        mark <- 0.
        walkStrength <- nil.
        stay <- true.
        new = ( withValue: 0 ).
        withValue: aValue = (
            clone value: aValue; constraints: (somVector new: 2); determinedBy: nil; mark: 0;
                  walkStrength: deltaStrengths absoluteWeakest; stay: true; yourself ).
        addConstraint: c = ( constraints append: c ).
        removeConstraint: c = (
            constraints remove: c.
            determinedBy == c ifTrue: [determinedBy: nil] ).
    |).
    abstractConstraintTraits = (|
        parent* = traits clonable.
        isInput = ( false ).
        addConstraint: planner = (
            addToGraph.
            planner incrementalAdd: self ).
        destroyConstraint: planner = (
            isSatisfied ifTrue: [planner incrementalRemove: self].
            removeFromGraph ).
        inputsKnown: mark = (
            (inputsHasOne: [:v | ((v mark = mark) or: [v stay or: [v determinedBy isNil]]) not]) not ).
        satisfy: mark planner: planner = (
            | overridden |
            chooseMethod: mark.
            isSatisfied
                ifTrue: [
                    | out |
                    inputsDo: [:in | in mark: mark].
                    out := output.
                    overridden := out determinedBy.
                    overridden isNil ifFalse: [overridden markUnsatisfied].
                    out determinedBy: self.
                    (planner addPropagate: self mark: mark) ifFalse: [error: 'Cycle encountered'].
                    out mark: mark]
                ifFalse: [
                    overridden := nil.
                    (strength sameAs: deltaStrengths required)
                        ifTrue: [error: 'Could not satisfy a required constraint']].
            overridden ).
    |).
|).

lobby addSlots: (|
    binaryConstraintTraits = (|
        parent* = abstractConstraintTraits.
        isSatisfied = ( direction notNil ).
        addToGraph = (
            v1 addConstraint: self.
            v2 addConstraint: self.
            direction: nil ).
        removeFromGraph = (
            v1 isNil ifFalse: [v1 removeConstraint: self].
            v2 isNil ifFalse: [v2 removeConstraint: self].
            direction: nil ).
        chooseMethod: mark = (
            v1 mark = mark ifTrue: [
                ((v2 mark ~= mark) and: [strength stronger: v2 walkStrength])
                    ifTrue: [direction: #forward]
                    ifFalse: [direction: nil].
                ^ direction].
            v2 mark = mark ifTrue: [
                ((v1 mark ~= mark) and: [strength stronger: v1 walkStrength])
                    ifTrue: [direction: #backward]
                    ifFalse: [direction: nil].
                ^ direction].
            (v1 walkStrength weaker: v2 walkStrength) ifTrue: [
                (strength stronger: v1 walkStrength)
                    ifTrue: [direction: #backward]
                    ifFalse: [direction: nil].
                ^ direction].
            (strength stronger: v2 walkStrength)
                ifTrue: [direction: #forward]
                ifFalse: [direction: nil].
            direction ).
        inputsDo: aBlock = ( direction == #forward ifTrue: [aBlock value: v1] ifFalse: [aBlock value: v2] ).
        inputsHasOne: aBlock = ( direction == #forward ifTrue: [aBlock value: v1] ifFalse: [aBlock value: v2] ).
        markUnsatisfied = ( direction: nil ).
        output = ( direction == #forward ifTrue: [v2] ifFalse: [v1] ).
        recalculate = (
            | in out |
            direction == #forward
                ifTrue: [in := v1. out := v2]
                ifFalse: [in := v2. out := v1].
            out walkStrength: (strength weakest: in walkStrength).
            out stay: in stay.
            out stay ifTrue: [execute] ).
    |).
    unaryConstraintTraits = (|
        parent* = abstractConstraintTraits.
        isSatisfied = ( satisfied ).
        addToGraph = (
            output addConstraint: self.
            satisfied: false ).
        removeFromGraph = (
            output isNil ifFalse: [output removeConstraint: self].
            satisfied: false ).
        chooseMethod: mark = (
            satisfied: ((output mark ~= mark) and: [strength stronger: output walkStrength]) ).
        inputsDo: aBlock = ( self ).
        inputsHasOne: aBlock = ( false ).
        markUnsatisfied = ( satisfied: false ).
        recalculate = (
            output walkStrength: strength.
            output stay: isInput not.
            output stay ifTrue: [execute] ).
        on: v strength: aSymbol planner: planner = (
            | c |
            c := clone output: v; satisfied: false; strength: (deltaStrengths of: aSymbol); yourself.
            c addConstraint: planner.
            c ).
    |).
|).

lobby addSlots: (|
    editConstraintTraits = (|
        parent* = unaryConstraintTraits.
        isInput = ( true ).
        execute = ( self ).
    |).
    stayConstraintTraits = (|
        parent* = unaryConstraintTraits.
        execute = ( self ).
    |).
    equalityConstraintTraits = (|
        parent* = binaryConstraintTraits.
        execute = (
            direction == #forward
                ifTrue: [v2 value: v1 value]
                ifFalse: [v1 value: v2 value] ).
    |).
    scaleConstraintTraits = (|
        parent* = binaryConstraintTraits.
        addToGraph = (
            v1 addConstraint: self.
            v2 addConstraint: self.
            scale addConstraint: self.
            offset addConstraint: self.
            direction: nil ).
        removeFromGraph = (
            v1 isNil ifFalse: [v1 removeConstraint: self].
            v2 isNil ifFalse: [v2 removeConstraint: self].
            scale isNil ifFalse: [scale removeConstraint: self].
            offset isNil ifFalse: [offset removeConstraint: self].
            direction: nil ).
        execute = (
            direction == #forward
                ifTrue: [v2 value: (v1 value * scale value) + offset value]
                ifFalse: [v1 value: (v2 value - offset value) / scale value] ).
        inputsDo: aBlock = (
            direction == #forward
                ifTrue: [aBlock value: v1]
                ifFalse: [aBlock value: v2].
            aBlock value: scale.
            aBlock value: offset ).
        recalculate = (
            | in out |
            direction == #forward
                ifTrue: [in := v1. out := v2]
                ifFalse: [in := v2. out := v1].
            out walkStrength: (strength weakest: in walkStrength).
            out stay: (in stay and: [scale stay and: [offset stay]]).
            out stay ifTrue: [execute] ).
    |).
|).

lobby addSlots: (|
    editConstraint = (| parent* = editConstraintTraits. strength <- nil. output <- nil. satisfied <- false |).
    stayConstraint = (| parent* = stayConstraintTraits. strength <- nil. output <- nil. satisfied <- false |).
    equalityConstraint = (|
        parent* = equalityConstraintTraits.
        strength <- nil.
        v1 <- nil.
        v2 <- nil.
        direction <- nil.
        var: var1 var: var2 strength: aSymbol planner: planner = (
            | c |
            c := clone v1: var1; v2: var2; direction: nil; strength: (deltaStrengths of: aSymbol); yourself.
            c addConstraint: planner.
            c ).
    |).
    scaleConstraint = (|
        parent* = scaleConstraintTraits.
        strength <- nil.
        v1 <- nil.
        v2 <- nil.
        direction <- nil.
        scale <- nil.
        offset <- nil.
        src: src scale: aScale offset: anOffset dest: dest strength: aSymbol planner: planner = (
            | c |
            c := clone v1: src; v2: dest; direction: nil; scale: aScale; offset: anOffset;
                       strength: (deltaStrengths of: aSymbol); yourself.
            c addConstraint: planner.
            c ).
    |).
|).

lobby addSlots: (|
    deltaPlanner = (|
        parent* = traits clonable.
        currentMark <- 1.
        new = ( clone currentMark: 1 ).
        incrementalAdd: c = (
            | mark overridden |
            mark := newMark.
            overridden := c satisfy: mark planner: self.
            [overridden isNil] whileFalse: [overridden := overridden satisfy: mark planner: self] ).
        incrementalRemove: c = (
            | out unsatisfied |
            out := c output.
            c markUnsatisfied.
            c removeFromGraph.
            unsatisfied := removePropagateFrom: out.
            unsatisfied forEach: [:u | incrementalAdd: u] ).
        extractPlanFromConstraints: constraints = (
            | sources |
            sources := somVector new.
            constraints forEach: [:c | (c isInput and: [c isSatisfied]) ifTrue: [sources append: c]].
            makePlan: sources ).
        makePlan: sources = (
            | mark plan todo |
            mark := newMark.
            plan := deltaPlan new.
            todo := sources.
            [todo isEmpty] whileFalse: [
                | c |
                c := todo removeFirst.
                ((c output mark ~= mark) and: [c inputsKnown: mark]) ifTrue: [
                    plan append: c.
                    c output mark: mark.
                    addConstraintsConsumingTo: c output coll: todo]].
            plan ).
        propagateFrom: v = (
            | todo |
            todo := somVector new.
            addConstraintsConsumingTo: v coll: todo.
            [todo isEmpty] whileFalse: [
                | c |
                c := todo removeFirst.
                c execute.
                addConstraintsConsumingTo: c output coll: todo] ).
        addConstraintsConsumingTo: v coll: coll = (
            | determining |
            determining := v determinedBy.
            v constraints forEach: [:c |
                ((c == determining) not and: [c isSatisfied]) ifTrue: [coll append: c]] ).
        addPropagate: c mark: mark = (
            | todo |
            todo := somVector with: c.
            [todo isEmpty] whileFalse: [
                | d |
                d := todo removeFirst.
                d output mark = mark ifTrue: [
                    incrementalRemove: c.
                    ^ false].
                d recalculate.
                addConstraintsConsumingTo: d output coll: todo].
            true ).
        change: var newValue: newValue = (
            | edit plan |
            edit := editConstraint on: var strength: deltaSyms preferred planner: self.
            plan := extractPlanFromConstraints: (somVector with: edit).
            1 to: 10 do: [:i |
                var value: newValue.
                plan execute].
            edit destroyConstraint: self ).
        constraintsConsuming: v do: aBlock = (
            | determining |
            determining := v determinedBy.
            v constraints forEach: [:c |
                ((c == determining) not and: [c isSatisfied]) ifTrue: [aBlock value: c]] ).
        newMark = ( currentMark: currentMark + 1. currentMark ).
        removePropagateFrom: out = (
            | unsatisfied todo |
            unsatisfied := somVector new.
            out determinedBy: nil.
            out walkStrength: deltaStrengths absoluteWeakest.
            out stay: true.
            todo := somVector with: out.
            [todo isEmpty] whileFalse: [
                | v |
                v := todo removeFirst.
                v constraints forEach: [:c | c isSatisfied ifFalse: [unsatisfied append: c]].
                constraintsConsuming: v do: [:c |
                    c recalculate.
                    todo append: c output]].
            unsatisfied sort: [:c1 :c2 | c1 strength stronger: c2 strength].
            unsatisfied ).
        chainTest: n = (
            | planner vars edit plan |
            planner := deltaPlanner new.
            vars := vector copySize: n + 1.
            1 to: n + 1 do: [:i | vars at: i put: deltaVariable new].
            1 to: n do: [:i |
                equalityConstraint var: (vars at: i) var: (vars at: i + 1)
                    strength: deltaSyms required planner: planner].
            stayConstraint on: (vars at: n + 1) strength: deltaSyms strongDefault planner: planner.
            edit := editConstraint on: (vars at: 1) strength: deltaSyms preferred planner: planner.
            plan := planner extractPlanFromConstraints: (somVector with: edit).
            1 to: 100 do: [:v |
                (vars at: 1) value: v.
                plan execute.
                (vars at: n + 1) value ~= v ifTrue: [error: 'Chain test failed!']].
            edit destroyConstraint: planner ).
        projectionTest: n = (
            | planner dests scale offset src dst |
            planner := deltaPlanner new.
            dests := somVector new.
            scale := deltaVariable withValue: 10.
            offset := deltaVariable withValue: 1000.
            1 to: n do: [:i |
                src := deltaVariable withValue: i.
                dst := deltaVariable withValue: i.
                dests append: dst.
                stayConstraint on: src strength: deltaSyms default planner: planner.
                scaleConstraint src: src scale: scale offset: offset dest: dst
                    strength: deltaSyms required planner: planner].
            planner change: src newValue: 17.
            dst value ~= 1170 ifTrue: [error: 'Projection test 1 failed!'].
            planner change: dst newValue: 1050.
            src value ~= 5 ifTrue: [error: 'Projection test 2 failed!'].
            planner change: scale newValue: 5.
            1 to: n - 1 do: [:i |
                (dests at: i) value ~= ((i * 5) + 1000) ifTrue: [error: 'Projection test 3 failed!']].
            planner change: offset newValue: 2000.
            1 to: n - 1 do: [:i |
                (dests at: i) value ~= ((i * 5) + 2000) ifTrue: [error: 'Projection test 4 failed!']] ).
    |).
    deltablueBenchmark = (|
        parent* = benchmarkBase.
        innerBenchmarkLoop: innerIterations = (
            deltaPlanner chainTest: innerIterations.
            deltaPlanner projectionTest: innerIterations.
            true ).
    |).
|).
