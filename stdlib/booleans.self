"true, false and nil: unique objects whose behaviour is ordinary methods.
 The compiler inlines ifTrue:ifFalse: and friends only while these very
 methods are installed; redefine one and every send sees the new method."

traits addSlots: (|
    boolean = (|
        parent* = traits oddball.
        isBoolean = ( true ).
        & other = ( and: [other] ).
        | other = ( or: [other] ).
        xor: other = ( self == other not ).
        eqv: other = ( self == other ).
    |).
|).

true _AddSlots: (|
    parent* = traits boolean.
    ifTrue: trueBlock ifFalse: falseBlock = ( trueBlock value ).
    ifFalse: falseBlock ifTrue: trueBlock = ( trueBlock value ).
    ifTrue: trueBlock = ( trueBlock value ).
    ifFalse: falseBlock = ( nil ).
    and: aBlock = ( aBlock value ).
    or: aBlock = ( true ).
    not = ( false ).
    printString = ( 'true' ).
|).

false _AddSlots: (|
    parent* = traits boolean.
    ifTrue: trueBlock ifFalse: falseBlock = ( falseBlock value ).
    ifFalse: falseBlock ifTrue: trueBlock = ( falseBlock value ).
    ifTrue: trueBlock = ( nil ).
    ifFalse: falseBlock = ( falseBlock value ).
    and: aBlock = ( false ).
    or: aBlock = ( aBlock value ).
    not = ( true ).
    printString = ( 'false' ).
|).

nil _AddSlots: (|
    parent* = traits oddball.
    isNil = ( true ).
    notNil = ( false ).
    ifNil: aBlock = ( aBlock value ).
    ifNotNil: aBlock = ( nil ).
    ifNil: nilBlock ifNotNil: otherBlock = ( nilBlock value ).
    ifNotNil: otherBlock ifNil: nilBlock = ( nilBlock value ).
    printString = ( 'nil' ).
|).
