"Numbers: Python ints (exact, any size) and floats, with behaviour from traits."

traits addSlots: (|
    number = (|
        parent* = traits oddball.
        isNumber = ( true ).
        + n = ( _NumAdd: n ).
        - n = ( _NumSub: n ).
        * n = ( _NumMul: n ).
        / n = ( _NumDiv: n ).
        // n = ( _NumFloorDiv: n ).
        \\ n = ( _NumMod: n ).
        rem: n = ( _NumRem: n ).
        quo: n = ( _NumQuo: n ).
        < n = ( _NumLT: n ).
        > n = ( _NumGT: n ).
        <= n = ( _NumLE: n ).
        >= n = ( _NumGE: n ).
        = n = ( _NumEq: n ).
        ~= n = ( (_NumEq: n) not ).
        hash = ( _NumHash ).
        min: n = ( self < n ifTrue: [self] ifFalse: [n] ).
        max: n = ( self > n ifTrue: [self] ifFalse: [n] ).
        between: low and: high = ( (self >= low) and: [self <= high] ).
        abs = ( self < 0 ifTrue: [self negated] ifFalse: [self] ).
        negated = ( 0 - self ).
        sign = ( self > 0 ifTrue: [1] ifFalse: [self < 0 ifTrue: [-1] ifFalse: [0]] ).
        isZero = ( self = 0 ).
        positive = ( self >= 0 ).
        negative = ( self < 0 ).
        reciprocal = ( 1 / self ).
        sqrt = ( _NumSqrt ).
        sin = ( _NumSin ).
        cos = ( _NumCos ).
        squared = ( self * self ).
        raisedTo: n = ( _NumRaisedTo: n ).
        even = ( (self \\ 2) = 0 ).
        odd = ( (self \\ 2) = 1 ).
        asFloat = ( _NumAsFloat ).
        asInteger = ( _NumAsInteger ).
        truncated = ( _NumAsInteger ).
        rounded = ( _NumRounded ).
        floor = ( _NumFloor ).
        ceiling = ( _NumCeiling ).
        asNumber = ( self ).
        printString = ( _NumPrintString ).
        printString: radix = ( _NumPrintString: radix ).
        to: stop do: aBlock = (
            | i |
            i := self.
            [i <= stop] whileTrue: [aBlock value: i. i := i + 1].
            self ).
        to: stop by: step do: aBlock = (
            | i |
            step = 0 ifTrue: [^ error: 'to:by:do: with a step of zero'].
            i := self.
            step > 0
                ifTrue: [[i <= stop] whileTrue: [aBlock value: i. i := i + step]]
                ifFalse: [[i >= stop] whileTrue: [aBlock value: i. i := i + step]].
            self ).
        timesRepeat: aBlock = ( | i | i := 1. [i <= self] whileTrue: [aBlock value. i := i + 1]. self ).
        to: stop collect: aBlock = ( | result | result := list copyEmpty. to: stop do: [:i | result add: (aBlock value: i)]. result asVector ).
    |).
|).

traits integer _AddSlots: (|
    parent* = traits number.
    isInteger = ( true ).
    gcd: n = ( _NumGcd: n ).
    asCharacter = ( _IntAsCharacter ).
    bitAnd: n = ( _IntBitAnd: n ).
    bitOr: n = ( _IntBitOr: n ).
    bitXor: n = ( _IntBitXor: n ).
    << n = ( _IntShiftLeft: n ).
    >> n = ( _IntShiftRight: n ).
    lcm: n = ( (self = 0) | (n = 0) ifTrue: [0] ifFalse: [(self * n) abs // (self gcd: n)] ).
    factorial = (
        | result |
        self < 0 ifTrue: [^ error: 'factorial of a negative number'].
        result := 1.
        2 to: self do: [:i | result := result * i].
        result ).
    isPrime = (
        self < 2 ifTrue: [^ false].
        2 to: self sqrt floor do: [:d | (self \\ d) = 0 ifTrue: [^ false]].
        true ).
|).

traits float _AddSlots: (|
    parent* = traits number.
    isFloat = ( true ).
|).
