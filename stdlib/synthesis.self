"Synthesis: what happens when a message is not understood.

 The root traits' doesNotUnderstand: asks the model object pLLM for a method
 (pLLM synthesizes: aMessage). When one is installed the message is sent
 again and the computation goes on; otherwise the ordinary not-understood
 error is raised. Whether synthesis runs at all, and who approves, is the
 policy of the program using the image (selfpy --synthesize never|ask|auto).

 pLLM's settings are its slots; nil takes the default from models/default.toml."

pLLM _AddSlots: (|
    backend <- nil.
    model <- nil.
    url <- nil.
    modelName <- nil.
    context <- nil.
    samples <- nil.
    temperature <- nil.
    seed <- nil.
    maxTokens <- nil.
    steps <- nil.
    seconds <- nil.
    httpTimeout <- nil.
    candidateSources <- {'accessor'. 'retrieved'. 'finder'. 'model'}.
    expectations <- dictionary copy.
|).

pLLM addSlots: (|
    synthesizes: aMessage = ( _Synthesize: aMessage ).
    expect: selector examples: someExamples at: place = (
        expectations at: selector put: { place. someExamples asVector }.
        self ).
    examplesFor: selector = ( (expectations at: selector ifAbsent: [ ^ {} ]) at: 2 ).
    placeFor: selector = ( (expectations at: selector ifAbsent: [ ^ nil ]) at: 1 ).
    describe = ( _ModelDescription ).
    printString = ( 'pLLM (' , describe , ')' ).
|).

traits root addSlots: (|
    doesNotUnderstand: aMessage = (
        (pLLM synthesizes: aMessage)
            ifTrue: [ aMessage resend ]
            ifFalse: [ (messageNotUnderstood clone message: aMessage) signal ] ).
    expects: selector examples: someExamples = (
        pLLM expect: selector examples: someExamples at: self ).
|).

traits mirror addSlots: (|
    provenanceOf: name = ( _ProvenanceOf: reflectee Named: name ).
|).
