"The root traits: what every object understands. Its parent is the lobby, so
 every object can name the globals (vector, traits, error, ...) as in Self."

traits root _AddSlots: (|
    addSlots: anObject = ( _AddSlots: anObject ).
    removeSlot: name = ( _RemoveSlot: name ).
|).

"The traits namespace, and every object genesis made, reach the root traits."
traits _AddSlots: (| parent* = traits root |).

traits root addSlots: (|
    globals* = lobby.

    == other = ( _Eq: other ).
    ~~ other = ( (_Eq: other) not ).
    = other = ( _Eq: other ).
    ~= other = ( (self = other) not ).
    hash = ( _IdentityHash ).
    identityHash = ( _IdentityHash ).
    yourself = ( self ).
    value = ( self ).

    printString = ( _Describe ).
    displayString = ( printString ).
    print = ( _Print: printString. self ).
    printLine = ( _Print: printString. _Print: newline. self ).
    display = ( _Print: displayString. self ).
    displayLine = ( _Print: displayString. _Print: newline. self ).
    newline = '
'.

    isNil = ( false ).
    notNil = ( true ).
    ifNil: aBlock = ( self ).
    ifNotNil: aBlock = ( aBlock numArgs = 0 ifTrue: [aBlock value] ifFalse: [aBlock value: self] ).
    ifNil: nilBlock ifNotNil: otherBlock = ( ifNotNil: otherBlock ).
    ifNotNil: otherBlock ifNil: nilBlock = ( ifNotNil: otherBlock ).
    isString = ( false ).
    isNumber = ( false ).
    isInteger = ( false ).
    isFloat = ( false ).
    isBlock = ( false ).
    isCollection = ( false ).
    isBoolean = ( false ).
    -> value = ( (| key <- nil. value <- nil. printString = ( key printString, '->', value printString ) |) clone key: self; value: value; yourself ).

    error: text = ( (error clone messageText: text) signal ).
    subclassResponsibility = ( error: 'my parent says I should implement this' ).
    doesNotUnderstand: aMessage = ( (messageNotUnderstood clone message: aMessage) signal ).
|).

traits addSlots: (|
    clonable = (|
        parent* = traits root.
        clone = ( _Clone ).
        copy = ( clone ).
    |).
    oddball = (|
        parent* = traits root.
        clone = ( self ).
        copy = ( self ).
    |).
|).

lobby _AddSlots: (| parent* = traits root |).
