"Towers of Hanoi with 13 disks kept as linked piles (AWFY Towers)."

lobby addSlots: (|
    towersDisk = (|
        parent* = traits clonable.
        size <- 0.
        next <- nil.
        new: value = ( clone size: value ).
    |).
    towersBenchmark = (|
        parent* = benchmarkBase.
        piles <- nil.
        movesDone <- 0.
        pushDisk: disk onPile: pile = (
            | top |
            top := piles at: pile.
            (top notNil and: [disk size >= top size])
                ifTrue: [error: 'Cannot put a big disk on a smaller one'].
            disk next: top.
            piles at: pile put: disk ).
        popDiskFrom: pile = (
            | top |
            top := piles at: pile.
            top isNil ifTrue: [error: 'Attempting to remove a disk from an empty pile'].
            piles at: pile put: top next.
            top next: nil.
            top ).
        moveTopDiskFrom: fromPile to: toPile = (
            pushDisk: (popDiskFrom: fromPile) onPile: toPile.
            movesDone: movesDone + 1 ).
        buildTowerAt: pile disks: disks = (
            disks to: 0 by: -1 do: [:i | pushDisk: (towersDisk new: i) onPile: pile] ).
        move: disks disksFrom: fromPile to: toPile = (
            disks = 1
                ifTrue: [moveTopDiskFrom: fromPile to: toPile]
                ifFalse: [
                    | otherPile |
                    otherPile := 6 - fromPile - toPile.
                    move: disks - 1 disksFrom: fromPile to: otherPile.
                    moveTopDiskFrom: fromPile to: toPile.
                    move: disks - 1 disksFrom: otherPile to: toPile] ).
        benchmark = (
            piles: (vector copySize: 3).
            buildTowerAt: 1 disks: 13.
            movesDone: 0.
            move: 13 disksFrom: 1 to: 2.
            movesDone ).
        verifyResult: result = ( result = 8191 ).
    |).
|).
