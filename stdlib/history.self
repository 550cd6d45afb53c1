"The change history of the image, seen through mirrors:
 (reflect: anObject) historyOf: 'selector' answers the changes to that slot,
 oldest first; `aChange revert` puts back what the slot held before it."

traits addSlots: (|
    mirror = (|
        parent* = traits clonable.
        historyOf: name = ( _HistoryOf: reflectee Named: name ).
        history = ( _HistoryOf: reflectee Named: nil ).
        printString = ( 'a mirror on ' , reflectee printString ).
    |).
    change = (|
        parent* = traits clonable.
        revert = ( _RevertChange: number ).
        printString = ( '#' , number printString , ' ' , kind , ' ' , slotName , ' by ' , origin ).
    |).
|).

lobby addSlots: (|
    mirror = (| parent* = traits mirror. reflectee <- nil |).
    change = (|
        parent* = traits change.
        number <- 0. when <- 0. slotName <- ''. kind <- ''.
        before <- nil. after <- nil. origin <- ''. holder <- nil.
    |).
|).

traits root addSlots: (| reflect: anObject = ( mirror clone reflectee: anObject ) |).

"The image describes itself."
genesis addSlots: (|
    format = ( _ImageFormat ).
    created = ( _ImageCreated ).
    printString = ( 'genesis (image format ' , format printString , ')' ).
|).
