"Strings: immutable Python strs. Indexes start at 1; operations answer new strings."

traits string _AddSlots: (|
    parent* = traits oddball.
    isString = ( true ).
    size = ( _StrSize ).
    at: i = ( _StrAt: i ).
    , other = ( _StrConcat: other ).
    = other = ( _StrEq: other ).
    < other = ( _StrLT: other ).
    > other = ( other < self ).
    <= other = ( (other < self) not ).
    >= other = ( (self < other) not ).
    hash = ( _StrHash ).
    includesSubstring: part = ( _StrIncludes: part ).
    indexOf: part = ( _StrIndexOf: part ).
    copyFrom: start to: stop = ( _StrCopyFrom: start To: stop ).
    asUppercase = ( _StrUpper ).
    asLowercase = ( _StrLower ).
    asNumber = ( _StrAsNumber ).
    asSymbol = ( _StrAsSymbol ).
    asString = ( self ).
    reversed = ( _StrReversed ).
    trimmed = ( _StrTrimmed ).
    splitOn: separator = ( _StrSplit: separator ).
    repeat: n = ( _StrRepeat: n ).
    beginsWith: prefix = ( (size >= prefix size) and: [(copyFrom: 1 to: prefix size) = prefix] ).
    endsWith: suffix = ( (size >= suffix size) and: [(copyFrom: size - suffix size + 1 to: size) = suffix] ).
    first = ( at: 1 ).
    last = ( at: size ).
    isEmpty = ( size = 0 ).
    notEmpty = ( size > 0 ).
    do: aBlock = ( 1 to: size do: [:i | aBlock value: (at: i)]. self ).
    reverseDo: aBlock = ( size to: 1 by: -1 do: [:i | aBlock value: (at: i)]. self ).
    keysAndValuesDo: aBlock = ( 1 to: size do: [:i | aBlock value: i value: (at: i)]. self ).
    collect: aBlock = ( | result | result := ''. do: [:c | result := result , (aBlock value: c)]. result ).
    select: aBlock = ( | result | result := ''. do: [:c | (aBlock value: c) ifTrue: [result := result , c]]. result ).
    detect: aBlock ifNone: noneBlock = ( do: [:c | (aBlock value: c) ifTrue: [^ c]]. noneBlock value ).
    inject: start into: aBlock = ( | acc | acc := start. do: [:c | acc := aBlock value: acc value: c]. acc ).
    includes: aCharacter = ( includesSubstring: aCharacter ).
    occurrencesOf: aCharacter = ( inject: 0 into: [:n :c | c = aCharacter ifTrue: [n + 1] ifFalse: [n]] ).
    asList = ( _AsList ).
    asVector = ( _AsVector ).
    printString = ( _StrPrintString ).
    displayString = ( self ).
|).
