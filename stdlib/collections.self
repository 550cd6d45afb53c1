"Collections: vector (fixed size), list (growable), dictionary and set.
 Indexes start at 1. `vector copySize: 3`, `list copy`, `{1. 2. 3}`."

traits addSlots: (|
    collection = (|
        parent* = traits clonable.
        isCollection = ( true ).
        isEmpty = ( size = 0 ).
        notEmpty = ( size > 0 ).
        isEmptyOrNil = ( isEmpty ).
        collect: aBlock = ( | result | result := list copyEmpty. do: [:x | result add: (aBlock value: x)]. like: result ).
        select: aBlock = ( | result | result := list copyEmpty. do: [:x | (aBlock value: x) ifTrue: [result add: x]]. like: result ).
        reject: aBlock = ( select: [:x | (aBlock value: x) not] ).
        detect: aBlock ifNone: noneBlock = ( do: [:x | (aBlock value: x) ifTrue: [^ x]]. noneBlock value ).
        detect: aBlock = ( detect: aBlock ifNone: [error: 'no element satisfies the condition'] ).
        inject: start into: aBlock = ( | acc | acc := start. do: [:x | acc := aBlock value: acc value: x]. acc ).
        includes: anObject = ( do: [:x | x = anObject ifTrue: [^ true]]. false ).
        anySatisfy: aBlock = ( do: [:x | (aBlock value: x) ifTrue: [^ true]]. false ).
        allSatisfy: aBlock = ( do: [:x | (aBlock value: x) ifFalse: [^ false]]. true ).
        count: aBlock = ( inject: 0 into: [:n :x | (aBlock value: x) ifTrue: [n + 1] ifFalse: [n]] ).
        sum = ( inject: 0 into: [:a :b | a + b] ).
        max = ( inject: nil into: [:a :b | a isNil ifTrue: [b] ifFalse: [a max: b]] ).
        min = ( inject: nil into: [:a :b | a isNil ifTrue: [b] ifFalse: [a min: b]] ).
        do: aBlock separatedBy: betweenBlock = ( | first | first := true. do: [:x | first ifFalse: [betweenBlock value]. first := false. aBlock value: x]. self ).
        asList = ( _AsList ).
        asVector = ( _AsVector ).
        asSet = ( _AsSet ).
        asSortedList = ( asList sort ).
        asSortedList: aBlock = ( asList sort: aBlock ).
        elementsString = ( | s | s := ''. do: [:x | s := s , x printString] separatedBy: [s := s , ' ']. s ).
        printString = ( kindName , '(' , elementsString , ')' ).
    |).
|).

traits addSlots: (|
    indexable = (|
        parent* = traits collection.
        size = ( _Size ).
        at: i = ( _At: i ).
        at: i put: value = ( _At: i Put: value ).
        at: i ifAbsent: aBlock = ( (i between: 1 and: size) ifTrue: [at: i] ifFalse: [aBlock value] ).
        first = ( isEmpty ifTrue: [error: 'first of an empty collection'] ifFalse: [at: 1] ).
        last = ( isEmpty ifTrue: [error: 'last of an empty collection'] ifFalse: [at: size] ).
        do: aBlock = ( 1 to: size do: [:i | aBlock value: (at: i)]. self ).
        reverseDo: aBlock = ( size to: 1 by: -1 do: [:i | aBlock value: (at: i)]. self ).
        keysAndValuesDo: aBlock = ( 1 to: size do: [:i | aBlock value: i value: (at: i)]. self ).
        doWithIndex: aBlock = ( 1 to: size do: [:i | aBlock value: (at: i) value: i]. self ).
        withIndexDo: aBlock = ( doWithIndex: aBlock ).
        includes: anObject = ( _Includes: anObject ).
        indexOf: anObject = ( _IndexOf: anObject ).
        sort = ( _Sort ).
        sort: aBlock = ( _Sort: aBlock ).
        reversed = ( | result | result := list copyEmpty. reverseDo: [:x | result add: x]. like: result ).
        copyFrom: start to: stop = ( _CopyFrom: start To: stop ).
        , other = ( | result | result := asList. other do: [:x | result add: x]. like: result ).
        = other = ( (self == other) or: [(kindName = other kindName) and: [(size = other size) and: [(1 to: size collect: [:i | (at: i) = (other at: i)]) allSatisfy: [:b | b]]]] ).
    |).
|).

traits addSlots: (|
    vector = (|
        parent* = traits indexable.
        kindName = ( 'vector' ).
        copySize: n = ( _VectorCopySize: n ).
        copySize: n filledWith: value = ( _VectorCopySize: n FilledWith: value ).
        new: n = ( copySize: n ).
        like: aList = ( aList asVector ).
        printString = ( '{' , ( | s | s := ''. do: [:x | s := s , x printString] separatedBy: [s := s , '. ']. s) , '}' ).
    |).
    list = (|
        parent* = traits indexable.
        kindName = ( 'list' ).
        copyEmpty = ( _NewEmpty ).
        like: aList = ( aList ).
        add: value = ( _ListAdd: value ).
        addLast: value = ( _ListAdd: value ).
        addFirst: value = ( _ListAddFirst: value ).
        addAll: aCollection = ( aCollection do: [:x | add: x]. aCollection ).
        removeFirst = ( _ListRemoveFirst ).
        removeLast = ( _ListRemoveLast ).
        removeIndex: i = ( _ListRemoveIndex: i ).
        remove: value ifAbsent: aBlock = ( | i | i := indexOf: value. i = 0 ifTrue: [aBlock value] ifFalse: [removeIndex: i] ).
        remove: value = ( remove: value ifAbsent: [error: value printString , ' is not in the list'] ).
        removeAll = ( [isEmpty] whileFalse: [removeLast]. self ).
    |).
    dictionary = (|
        parent* = traits collection.
        kindName = ( 'dictionary' ).
        copyEmpty = ( _NewEmpty ).
        size = ( _Size ).
        at: key ifAbsent: aBlock = ( _DictAt: key IfAbsent: aBlock ).
        at: key = ( at: key ifAbsent: [error: 'key not found: ' , key printString] ).
        at: key put: value = ( _DictAt: key Put: value ).
        at: key ifAbsentPut: aBlock = ( at: key ifAbsent: [at: key put: aBlock value] ).
        at: key ifPresent: aBlock = ( aBlock value: (at: key ifAbsent: [^ nil]) ).
        removeKey: key ifAbsent: aBlock = ( _DictRemoveKey: key IfAbsent: aBlock ).
        removeKey: key = ( removeKey: key ifAbsent: [error: 'key not found: ' , key printString] ).
        includesKey: key = ( at: key ifAbsent: [^ false]. true ).
        keys = ( _DictKeys ).
        values = ( _DictValues ).
        do: aBlock = ( values do: aBlock. self ).
        keysDo: aBlock = ( keys do: aBlock. self ).
        keysAndValuesDo: aBlock = ( keys do: [:k | aBlock value: k value: (at: k)]. self ).
        associationsDo: aBlock = ( keys do: [:k | aBlock value: k -> (at: k)]. self ).
        like: aList = ( aList ).
        includes: value = ( values includes: value ).
        elementsString = ( | s | s := ''. keys do: [:k | s := s , k printString , '->' , (at: k) printString] separatedBy: [s := s , ' ']. s ).
    |).
    set = (|
        parent* = traits collection.
        kindName = ( 'set' ).
        copyEmpty = ( _NewEmpty ).
        size = ( _Size ).
        add: value = ( _SetAdd: value ).
        addAll: aCollection = ( aCollection do: [:x | add: x]. aCollection ).
        remove: value ifAbsent: aBlock = ( _DictRemoveKey: value IfAbsent: aBlock ).
        remove: value = ( remove: value ifAbsent: [error: value printString , ' is not in the set'] ).
        includes: value = ( _Includes: value ).
        do: aBlock = ( _DictKeys do: aBlock. self ).
        like: aList = ( aList asSet ).
    |).
|).

vector _AddSlots: (| parent* = traits vector |).
list _AddSlots: (| parent* = traits list |).
dictionary _AddSlots: (| parent* = traits dictionary |).
set _AddSlots: (| parent* = traits set |).
