"An operating-system task scheduler simulation (AWFY Richards)."

lobby addSlots: (|
    richardsTraits = (|
        parent* = traits clonable.
        noTask = nil.
        noWork = nil.
        idler = 1.
        worker = 2.
        handlerA = 3.
        handlerB = 4.
        deviceA = 5.
        deviceB = 6.
        devicePacketKind = 1.
        workPacketKind = 2.
        append: packet head: queueHead = (
            | mouse link |
            packet link: noWork.
            noWork == queueHead ifTrue: [^ packet].
            mouse := queueHead.
            [noWork == (link := mouse link)] whileFalse: [mouse := link].
            mouse link: packet.
            queueHead ).
    |).
|).

lobby addSlots: (|
    richardsPacket = (|
        parent* = richardsTraits.
        link <- nil.
        identity <- 0.
        kind <- 0.
        datum <- 1.
        data <- nil.
        create: aLink identity: anIdentity kind: aKind = (
            clone link: aLink; identity: anIdentity; kind: aKind; datum: 1;
                  data: (vector copySize: 4 filledWith: 0); yourself ).
    |).
    deviceTaskDataRecord = (|
        parent* = richardsTraits.
        pending <- nil.
        create = ( clone pending: noWork ).
    |).
    handlerTaskDataRecord = (|
        parent* = richardsTraits.
        workIn <- nil.
        deviceIn <- nil.
        create = ( clone workIn: noWork; deviceIn: noWork; yourself ).
        deviceInAdd: packet = ( deviceIn: (append: packet head: deviceIn) ).
        workInAdd: packet = ( workIn: (append: packet head: workIn) ).
    |).
    idleTaskDataRecord = (|
        parent* = richardsTraits.
        control <- 1.
        count <- 10000.
        create = ( clone control: 1; count: 10000; yourself ).
    |).
    workerTaskDataRecord = (|
        parent* = richardsTraits.
        destination <- 0.
        count <- 0.
        create = ( clone destination: handlerA; count: 0; yourself ).
    |).
    taskStateTraits = (|
        parent* = richardsTraits.
        packetPending = ( packetPendingFlag: true. taskWaitingFlag: false. taskHoldingFlag: false. self ).
        running = ( packetPendingFlag: false. taskWaitingFlag: false. taskHoldingFlag: false. self ).
        waiting = ( packetPendingFlag: false. taskHoldingFlag: false. taskWaitingFlag: true. self ).
        waitingWithPacket = ( taskHoldingFlag: false. taskWaitingFlag: true. packetPendingFlag: true. self ).
        isPacketPending = ( packetPendingFlag ).
        isTaskWaiting = ( taskWaitingFlag ).
        isTaskHolding = ( taskHoldingFlag ).
        packetPending: aBoolean = ( packetPendingFlag: aBoolean ).
        taskWaiting: aBoolean = ( taskWaitingFlag: aBoolean ).
        taskHolding: aBoolean = ( taskHoldingFlag: aBoolean ).
        isTaskHoldingOrWaiting = ( taskHoldingFlag or: [packetPendingFlag not and: [taskWaitingFlag]] ).
        isWaitingWithPacket = ( packetPendingFlag and: [taskWaitingFlag and: [taskHoldingFlag not]] ).
    |).
|).

lobby addSlots: (|
    taskState = (|
        parent* = taskStateTraits.
        packetPendingFlag <- true.
        taskWaitingFlag <- false.
        taskHoldingFlag <- false.
        new = ( clone ).
    |).
    taskControlBlock = (|
        parent* = taskStateTraits.
        packetPendingFlag <- true.
        taskWaitingFlag <- false.
        taskHoldingFlag <- false.
        link <- nil.
        identity <- 0.
        priority <- 0.
        input <- nil.
        function <- nil.
        handle <- nil.
        link: aLink create: anIdentity priority: aPriority initialWorkQueue: aQueue
            initialState: aState function: aBlock privateData: aData = (
            clone link: aLink; identity: anIdentity; function: aBlock; priority: aPriority;
                  input: aQueue; handle: aData;
                  packetPendingFlag: aState isPacketPending; taskWaitingFlag: aState isTaskWaiting;
                  taskHoldingFlag: aState isTaskHolding; yourself ).
        addInput: packet checkPriority: oldTask = (
            noWork == input
                ifTrue: [
                    input: packet.
                    packetPendingFlag: true.
                    priority > oldTask priority ifTrue: [^ self]]
                ifFalse: [input: (append: packet head: input)].
            oldTask ).
        runTask = (
            | message |
            isWaitingWithPacket
                ifTrue: [
                    message := input.
                    input: message link.
                    noWork == input ifTrue: [running] ifFalse: [packetPending]]
                ifFalse: [message := noWork].
            function value: message value: handle ).
    |).
    richardsScheduler = (|
        parent* = richardsTraits.
        taskList <- nil.
        currentTask <- nil.
        currentTaskIdentity <- 0.
        taskTable <- nil.
        queuePacketCount <- 0.
        holdCount <- 0.
        new = (
            clone taskList: noTask; currentTask: noTask; currentTaskIdentity: 0;
                  taskTable: (vector copySize: 6 filledWith: noTask);
                  queuePacketCount: 0; holdCount: 0; yourself ).
        createDevice: identity priority: priority work: work state: state = (
            createTask: identity priority: priority work: work state: state
                function: [:aWork :data |
                    | functionWork |
                    functionWork := aWork.
                    noWork == functionWork
                        ifTrue: [
                            noWork == (functionWork := data pending)
                                ifTrue: [wait]
                                ifFalse: [
                                    data pending: noWork.
                                    queuePacket: functionWork]]
                        ifFalse: [
                            data pending: functionWork.
                            holdSelf]]
                data: deviceTaskDataRecord create ).
        createHandler: identity priority: priority work: work state: state = (
            createTask: identity priority: priority work: work state: state
                function: [:aWork :data |
                    | workPacket |
                    noWork == aWork ifFalse: [
                        workPacketKind = aWork kind
                            ifTrue: [data workInAdd: aWork]
                            ifFalse: [data deviceInAdd: aWork]].
                    noWork == (workPacket := data workIn)
                        ifTrue: [wait]
                        ifFalse: [
                            | count |
                            count := workPacket datum.
                            count > 4
                                ifTrue: [
                                    data workIn: workPacket link.
                                    queuePacket: workPacket]
                                ifFalse: [
                                    | devicePacket |
                                    noWork == (devicePacket := data deviceIn)
                                        ifTrue: [wait]
                                        ifFalse: [
                                            data deviceIn: devicePacket link.
                                            devicePacket datum: (workPacket data at: count).
                                            workPacket datum: count + 1.
                                            queuePacket: devicePacket]]]]
                data: handlerTaskDataRecord create ).
        createIdler: identity priority: priority work: work state: state = (
            createTask: identity priority: priority work: work state: state
                function: [:aWork :data |
                    data count: data count - 1.
                    0 = data count
                        ifTrue: [holdSelf]
                        ifFalse: [
                            0 = (data control bitAnd: 1)
                                ifTrue: [
                                    data control: data control // 2.
                                    release: deviceA]
                                ifFalse: [
                                    data control: ((data control // 2) bitXor: 53256).
                                    release: deviceB]]]
                data: idleTaskDataRecord create ).
        createPacket: link identity: identity kind: kind = (
            richardsPacket create: link identity: identity kind: kind ).
        createTask: identity priority: priority work: work state: state function: aBlock data: data = (
            | t |
            t := taskControlBlock link: taskList create: identity priority: priority
                initialWorkQueue: work initialState: state function: aBlock privateData: data.
            taskList: t.
            taskTable at: identity put: t ).
        createWorker: identity priority: priority work: work state: state = (
            createTask: identity priority: priority work: work state: state
                function: [:aWork :data |
                    noWork == aWork
                        ifTrue: [wait]
                        ifFalse: [
                            data destination: (handlerA = data destination
                                ifTrue: [handlerB] ifFalse: [handlerA]).
                            aWork identity: data destination.
                            aWork datum: 1.
                            1 to: 4 do: [:i |
                                data count: data count + 1.
                                data count > 26 ifTrue: [data count: 1].
                                aWork data at: i put: 65 + data count - 1].
                            queuePacket: aWork]]
                data: workerTaskDataRecord create ).
        start = (
            | workQ |
            createIdler: idler priority: 0 work: noWork state: taskState new running.
            workQ := createPacket: noWork identity: worker kind: workPacketKind.
            workQ := createPacket: workQ identity: worker kind: workPacketKind.
            createWorker: worker priority: 1000 work: workQ state: taskState new waitingWithPacket.
            workQ := createPacket: noWork identity: deviceA kind: devicePacketKind.
            workQ := createPacket: workQ identity: deviceA kind: devicePacketKind.
            workQ := createPacket: workQ identity: deviceA kind: devicePacketKind.
            createHandler: handlerA priority: 2000 work: workQ state: taskState new waitingWithPacket.
            workQ := createPacket: noWork identity: deviceB kind: devicePacketKind.
            workQ := createPacket: workQ identity: deviceB kind: devicePacketKind.
            workQ := createPacket: workQ identity: deviceB kind: devicePacketKind.
            createHandler: handlerB priority: 3000 work: workQ state: taskState new waitingWithPacket.
            createDevice: deviceA priority: 4000 work: noWork state: taskState new waiting.
            createDevice: deviceB priority: 5000 work: noWork state: taskState new waiting.
            schedule.
            (queuePacketCount = 23246) and: [holdCount = 9297] ).
        findTask: identity = (
            | t |
            t := taskTable at: identity.
            noTask == t ifTrue: [error: 'findTask failed'].
            t ).
        holdSelf = (
            holdCount: holdCount + 1.
            currentTask taskHolding: true.
            currentTask link ).
        queuePacket: packet = (
            | t |
            t := findTask: packet identity.
            noTask == t ifTrue: [^ noTask].
            queuePacketCount: queuePacketCount + 1.
            packet link: noWork.
            packet identity: currentTaskIdentity.
            t addInput: packet checkPriority: currentTask ).
        release: identity = (
            | t |
            t := findTask: identity.
            noTask == t ifTrue: [^ noTask].
            t taskHolding: false.
            t priority > currentTask priority ifTrue: [t] ifFalse: [currentTask] ).
        wait = ( currentTask taskWaiting: true. currentTask ).
        schedule = (
            currentTask: taskList.
            [noTask == currentTask] whileFalse: [
                currentTask isTaskHoldingOrWaiting
                    ifTrue: [currentTask: currentTask link]
                    ifFalse: [
                        currentTaskIdentity: currentTask identity.
                        currentTask: currentTask runTask]] ).
    |).
    richardsBenchmark = (|
        parent* = benchmarkBase.
        benchmark = ( richardsScheduler new start ).
        verifyResult: result = ( result ).
    |).
|).
