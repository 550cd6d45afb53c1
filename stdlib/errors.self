"Errors. `error` is the prototype of all errors; `[...] on: error do: [:e | ...]`
 catches any of them. A handler may answer a value (`e return: v`, or just
 its last expression), run the protected block again (`e retry`) or hand the
 error on to an outer handler (`e pass`)."

traits addSlots: (|
    error = (|
        parent* = traits clonable.
        signal = ( _Signal ).
        signal: text = ( messageText: text. _Signal ).
        return: value = ( _ErrorReturn: value ).
        return = ( _ErrorReturn: nil ).
        retry = ( _ErrorRetry ).
        pass = ( _Signal ).
        description = ( messageText ).
        isError = ( true ).
        isNotUnderstood = ( false ).
        printString = ( kindName , ': ' , messageText displayString ).
    |).
|).

lobby addSlots: (|
    error = (| parent* = traits error. kindName = 'error'. messageText <- 'an error' |).
|).

lobby addSlots: (|
    zeroDivide = (| parent* = error. kindName = 'zeroDivide'. messageText <- 'division by zero' |).
    stackOverflow = (| parent* = error. kindName = 'stackOverflow'. messageText <- 'stack depth exceeded' |).
    subscriptOutOfBounds = (| parent* = error. kindName = 'subscriptOutOfBounds'. messageText <- 'index out of bounds' |).
    messageNotUnderstood = (|
        parent* = error.
        kindName = 'messageNotUnderstood'.
        message <- nil.
        "a receiver whose printString fails is still named (by its slots)"
        messageText = ( ([message receiver printString] on: error do: [message receiver _Describe])
            , ' does not understand #' , message selector ).
        receiver = ( message receiver ).
        isNotUnderstood = ( true ).
        return: value = ( _ErrorReturn: value ).
    |).
|).

traits addSlots: (|
    message = (|
        parent* = traits clonable.
        resend = ( receiver perform: selector withArguments: arguments ).
        printString = ( 'a message #' , selector , ' to ' , receiver printString ).
    |).
|).

message _AddSlots: (|
    parent* = traits message.
    selector <- ''.
    arguments <- {}.
    receiver <- nil.
|).
