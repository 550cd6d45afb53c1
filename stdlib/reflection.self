"Reflection: asking an object about its slots, parents and messages."

traits root addSlots: (|
    slotNames = ( _SlotNames ).
    parents = ( _Parents ).
    includesSlot: name = ( _IncludesSlot: name ).
    respondsTo: selector = ( _RespondsTo: selector ).
    slotValueAt: name = ( _SlotValue: name ).
    slotKindAt: name = ( _SlotKind: name ).
    methodSourceAt: name = ( _MethodSource: name ).
    perform: selector = ( _Perform: selector WithArguments: {} ).
    perform: selector with: a = ( _Perform: selector WithArguments: {a} ).
    perform: selector with: a with: b = ( _Perform: selector WithArguments: {a. b} ).
    perform: selector with: a with: b with: c = ( _Perform: selector WithArguments: {a. b. c} ).
    perform: selector withArguments: arguments = ( _Perform: selector WithArguments: arguments asVector ).
|).

lobby addSlots: (|
    system = (|
        parent* = traits oddball.
        arguments = ( _Arguments ).
        printString = ( 'system' ).
    |).
|).
