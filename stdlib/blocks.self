"Blocks: closures made by [ ... ]. Evaluation, loops, unwinding, handlers."

traits block _AddSlots: (|
    parent* = traits oddball.
    isBlock = ( true ).
    value = ( _BlockValue ).
    value: a = ( _BlockValue: a ).
    value: a value: b = ( _BlockValue: a Value: b ).
    value: a value: b value: c = ( _BlockValue: a Value: b Value: c ).
    value: a value: b value: c value: d = ( _BlockValue: a Value: b Value: c Value: d ).
    valueWithArguments: aVector = ( _BlockValueWithArguments: aVector ).
    numArgs = ( _BlockNumArgs ).
    whileTrue: aBlock = ( _BlockWhileTrue: aBlock ).
    whileFalse: aBlock = ( _BlockWhileFalse: aBlock ).
    whileTrue = ( _BlockWhileTrue: [] ).
    whileFalse = ( _BlockWhileFalse: [] ).
    repeat = ( _BlockRepeat ).
    ensure: aBlock = ( _BlockEnsure: aBlock ).
    ifCurtailed: aBlock = ( _BlockIfCurtailed: aBlock ).
    on: anError do: handler = ( _BlockOn: anError Do: handler ).
    printString = ( 'a block' ).
|).
