"The small core library the benchmarks share (AWFY's SOM core classes), in
 selfpy and kept here, not in the kernel: somRandom, somVector (growable,
 1-based), somDictionary and somIdentityDictionary (chained hashing over a
 power-of-two table), somSet and somIdentitySet (linear search)."

lobby addSlots: (|
    somRandom = (|
        parent* = traits clonable.
        seed <- 74755.
        new = ( clone seed: 74755 ).
        next = ( seed: (((seed * 1309) + 13849) bitAnd: 65535). seed ).
    |).

    somVector = (|
        parent* = traits clonable.
        firstIdx <- 1.
        lastIdx <- 1.
        storage <- nil.
        new = ( new: 0 ).
        new: size = ( clone initialize: size ).
        with: element = ( (new: 1) append: element ).
        initialize: size = (
            firstIdx: 1.
            lastIdx: 1.
            storage: (size = 0 ifTrue: [nil] ifFalse: [vector copySize: size]) ).
        at: index = (
            (storage isNil or: [index > storage size]) ifTrue: [^ nil].
            storage at: index ).
        at: index put: value = (
            storage isNil
                ifTrue: [storage: (vector copySize: (index max: 10))]
                ifFalse: [
                    index > storage size ifTrue: [
                        | newLength newStorage |
                        newLength := storage size.
                        [newLength < index] whileTrue: [newLength := newLength * 2].
                        newStorage := vector copySize: newLength.
                        1 to: storage size do: [:i | newStorage at: i put: (storage at: i)].
                        storage: newStorage]].
            storage at: index put: value.
            lastIdx < (index + 1) ifTrue: [lastIdx: index + 1] ).
        append: element = (
            storage isNil
                ifTrue: [storage: (vector copySize: 10)]
                ifFalse: [
                    lastIdx > storage size ifTrue: [
                        | newStorage |
                        newStorage := vector copySize: 2 * storage size.
                        1 to: storage size do: [:i | newStorage at: i put: (storage at: i)].
                        storage: newStorage]].
            storage at: lastIdx put: element.
            lastIdx: lastIdx + 1.
            self ).
        isEmpty = ( lastIdx = firstIdx ).
        forEach: block = ( firstIdx to: lastIdx - 1 do: [:i | block value: (storage at: i)] ).
        hasSome: block = (
            firstIdx to: lastIdx - 1 do: [:i | (block value: (storage at: i)) ifTrue: [^ true]].
            false ).
        getOne: block = (
            firstIdx to: lastIdx - 1 do: [:i |
                | e |
                e := storage at: i.
                (block value: e) ifTrue: [^ e]].
            nil ).
        first = ( isEmpty ifTrue: [nil] ifFalse: [storage at: firstIdx] ).
        removeFirst = (
            isEmpty ifTrue: [^ nil].
            firstIdx: firstIdx + 1.
            storage at: firstIdx - 1 ).
        removeAll = (
            firstIdx: 1.
            lastIdx: 1.
            storage isNil ifFalse: [storage: (vector copySize: storage size)] ).
        remove: object = (
            | newArray newLast found |
            (storage isNil or: [isEmpty]) ifTrue: [^ false].
            newArray := vector copySize: capacity.
            newLast := 1.
            found := false.
            forEach: [:it |
                it == object
                    ifTrue: [found := true]
                    ifFalse: [
                        newArray at: newLast put: it.
                        newLast := newLast + 1]].
            storage: newArray.
            lastIdx: newLast.
            firstIdx: 1.
            found ).
        size = ( lastIdx - firstIdx ).
        capacity = ( storage isNil ifTrue: [0] ifFalse: [storage size] ).
        sort: aBlock = ( size > 0 ifTrue: [sort: firstIdx to: lastIdx - 1 with: aBlock] ).
        swap: i with: j = (
            | held |
            held := storage at: i.
            storage at: i put: (storage at: j).
            storage at: j put: held ).
        sort: i to: j with: sortBlock = (
            "Quicksort of elements i to j; sortBlock answers whether its first argument
             may precede its second."
            | di dij dj tt ij k l n |
            n := j + 1 - i.
            n <= 1 ifTrue: [^ self].
            di := storage at: i.
            dj := storage at: j.
            (sortBlock value: di value: dj) ifFalse: [
                swap: i with: j.
                tt := di.
                di := dj.
                dj := tt].
            n > 2 ifTrue: [
                ij := (i + j) // 2.
                dij := storage at: ij.
                (sortBlock value: di value: dij)
                    ifTrue: [
                        (sortBlock value: dij value: dj) ifFalse: [
                            swap: j with: ij.
                            dij := dj]]
                    ifFalse: [
                        swap: i with: ij.
                        dij := di].
                n > 3 ifTrue: [
                    k := i.
                    l := j.
                    [[l := l - 1. (k <= l) and: [sortBlock value: dij value: (storage at: l)]]
                        whileTrue.
                     [k := k + 1. (k <= l) and: [sortBlock value: (storage at: k) value: dij]]
                        whileTrue.
                     k <= l] whileTrue: [swap: k with: l].
                    sort: i to: l with: sortBlock.
                    sort: k to: j with: sortBlock]] ).
    |).

    somSetTraits = (|
        parent* = traits clonable.
        new = ( new: 10 ).
        new: size = ( clone items: (somVector new: size) ).
        forEach: block = ( items forEach: block ).
        hasSome: block = ( items hasSome: block ).
        getOne: block = ( items getOne: block ).
        add: anObject = ( (contains: anObject) ifFalse: [items append: anObject] ).
        collect: block = (
            | coll |
            coll := somVector new.
            forEach: [:e | coll append: (block value: e)].
            coll ).
        contains: anObject = ( hasSome: [:it | it = anObject] ).
        size = ( items size ).
        removeAll = ( items removeAll ).
    |).

    somDictEntryTraits = (|
        parent* = traits clonable.
        new: aHash key: aKey value: aValue next: anEntry = (
            clone hash: aHash; key: aKey; value: aValue; next: anEntry; yourself ).
        match: aHash key: aKey = ( (hash = aHash) and: [key = aKey] ).
    |).

    somDictionaryTraits = (|
        parent* = traits clonable.
        new = ( new: 16 ).
        new: size = ( clone buckets: (vector copySize: size); count: 0; yourself ).
        hash: key = (
            | h |
            key isNil ifTrue: [^ 0].
            h := key customHash.
            h bitXor: (h >> 16) ).
        bucketIdx: h = ( 1 + ((buckets size - 1) bitAnd: h) ).
        bucket: h = ( buckets at: (bucketIdx: h) ).
        at: aKey = (
            | h e |
            h := hash: aKey.
            e := bucket: h.
            [e notNil] whileTrue: [
                (e match: h key: aKey) ifTrue: [^ e value].
                e := e next].
            nil ).
        containsKey: aKey = (
            | h e |
            h := hash: aKey.
            e := bucket: h.
            [e notNil] whileTrue: [
                (e match: h key: aKey) ifTrue: [^ true].
                e := e next].
            false ).
        at: aKey put: aValue = (
            | h i current |
            h := hash: aKey.
            i := bucketIdx: h.
            current := buckets at: i.
            current isNil
                ifTrue: [
                    buckets at: i put: (newEntry: aKey value: aValue hash: h).
                    count: count + 1]
                ifFalse: [insertBucketEntry: aKey value: aValue hash: h head: current].
            count > buckets size ifTrue: [resize] ).
        newEntry: aKey value: aValue hash: h = (
            somDictEntry new: h key: aKey value: aValue next: nil ).
        insertBucketEntry: aKey value: aValue hash: h head: head = (
            | current |
            current := head.
            [true] whileTrue: [
                (current match: h key: aKey) ifTrue: [current value: aValue. ^ self].
                current next isNil ifTrue: [
                    count: count + 1.
                    current next: (newEntry: aKey value: aValue hash: h).
                    ^ self].
                current := current next] ).
        resize = (
            | oldStorage |
            oldStorage := buckets.
            buckets: (vector copySize: oldStorage size * 2).
            transferEntries: oldStorage ).
        transferEntries: oldStorage = (
            1 to: oldStorage size do: [:i |
                | current |
                current := oldStorage at: i.
                current notNil ifTrue: [
                    oldStorage at: i put: nil.
                    current next isNil
                        ifTrue: [buckets at: 1 + (current hash bitAnd: buckets size - 1) put: current]
                        ifFalse: [splitBucket: oldStorage bucket: i head: current]]] ).
        splitBucket: oldStorage bucket: i head: head = (
            | loHead loTail hiHead hiTail current |
            current := head.
            [current notNil] whileTrue: [
                (current hash bitAnd: oldStorage size) = 0
                    ifTrue: [
                        loTail isNil ifTrue: [loHead := current] ifFalse: [loTail next: current].
                        loTail := current]
                    ifFalse: [
                        hiTail isNil ifTrue: [hiHead := current] ifFalse: [hiTail next: current].
                        hiTail := current].
                current := current next].
            loTail notNil ifTrue: [loTail next: nil. buckets at: i put: loHead].
            hiTail notNil ifTrue: [hiTail next: nil. buckets at: i + oldStorage size put: hiHead] ).
        size = ( count ).
        isEmpty = ( count = 0 ).
        removeAll = ( buckets: (vector copySize: buckets size). count: 0 ).
        keys = (
            | result |
            result := somVector new: count.
            buckets do: [:b |
                | current |
                current := b.
                [current notNil] whileTrue: [result append: current key. current := current next]].
            result ).
        values = (
            | result |
            result := somVector new: count.
            buckets do: [:b |
                | current |
                current := b.
                [current notNil] whileTrue: [result append: current value. current := current next]].
            result ).
    |).
|).

"Prototypes: each holds its own data slots (an assignable slot in a parent
 would be shared by every clone); behaviour comes from the traits above."
lobby addSlots: (|
    somSet = (| parent* = somSetTraits. items <- nil |).
    somIdentitySetTraits = (|
        parent* = somSetTraits.
        contains: anObject = ( hasSome: [:it | it == anObject] ).
    |).
    somDictEntry = (| parent* = somDictEntryTraits. hash <- 0. key <- nil. value <- nil. next <- nil |).
    somDictIdEntryTraits = (|
        parent* = somDictEntryTraits.
        match: aHash key: aKey = ( (hash = aHash) and: [key == aKey] ).
    |).
    somDictionary = (| parent* = somDictionaryTraits. buckets <- nil. count <- 0 |).
    somIdentityDictionaryTraits = (|
        parent* = somDictionaryTraits.
        newEntry: aKey value: aValue hash: h = (
            somDictIdEntry new: h key: aKey value: aValue next: nil ).
    |).
|).

lobby addSlots: (|
    somIdentitySet = (| parent* = somIdentitySetTraits. items <- nil |).
    somDictIdEntry = (| parent* = somDictIdEntryTraits. hash <- 0. key <- nil. value <- nil. next <- nil |).
    somIdentityDictionary = (| parent* = somIdentityDictionaryTraits. buckets <- nil. count <- 0 |).
|).
