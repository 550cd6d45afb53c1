"The synthesis pipeline is made of objects in the image (image format 4).

 pLLM sources is a list of source objects, asked in order for candidate
 methods: a source answers candidatesFor: aRequest with a collection of
 method bodies (strings such as '( self error: ''todo'' )'). pLLM stages is a
 list of stage objects; every candidate goes through them in order, and a
 stage answers judge: aCandidate for: aRequest with a verdict (pass,
 pass: 'why', refuse: 'why'). The built-in sources and stages are backed by
 primitives. Reorder or remove them, or add your own written in selfpy: the
 next not-understood message uses the lists as they are then. A source or
 stage of yours that fails or runs too long (pLLM steps, pLLM seconds) is
 stopped, reported, and left out of the rest of that synthesis."

traits addSlots: (|
    synthesisSource = (|
        parent* = traits clonable.
        candidatesFor: aRequest = ( {} ).
        printString = ( 'source ' , name ).
    |).
    synthesisStage = (|
        parent* = traits clonable.
        judge: aCandidate for: aRequest = ( pass ).
        pass = ( pass: '' ).
        pass: why = ( (pLLM verdict clone passed: true) reason: why ).
        refuse: why = ( (pLLM verdict clone passed: false) reason: why ).
        printString = ( 'stage ' , name ).
    |).
|).

"The built-in ones: their methods call the primitives."
traits addSlots: (|
    builtinSource = (|
        parent* = traits synthesisSource.
        candidatesFor: aRequest = ( _BuiltinCandidatesFor: aRequest ).
    |).
    builtinStage = (|
        parent* = traits synthesisStage.
        judge: aCandidate for: aRequest = ( _BuiltinJudge: aCandidate For: aRequest ).
    |).
    synthesisVerdict = (|
        parent* = traits clonable.
        printString = ( (passed ifTrue: [ 'passed' ] ifFalse: [ 'refused' ]) ,
            (reason isEmpty ifTrue: [ '' ] ifFalse: [ ' (' , reason , ')' ]) ).
    |).
    synthesisRequest = (|
        parent* = traits clonable.
        printString = ( 'a request for #' , selector ).
    |).
    synthesisCandidate = (|
        parent* = traits clonable.
        printString = ( 'a candidate ' , body , ' from ' , source ).
    |).
|).

pLLM _AddSlots: (|
    threads <- nil.
    source = (| parent* = traits synthesisSource. name <- 'a source' |).
    stage = (| parent* = traits synthesisStage. name <- 'a stage' |).
    verdict = (| parent* = traits synthesisVerdict. passed <- true. reason <- '' |).
    request = (|
        parent* = traits synthesisRequest.
        selector <- ''. receiver <- nil. arguments <- {}. examples <- {}. policy <- ''.
    |).
    candidate = (|
        parent* = traits synthesisCandidate.
        selector <- ''. body <- ''. arguments <- {}. source <- ''. why <- ''.
        holder <- nil. sends <- {}.
    |).
    builtinSources = {
        (| parent* = traits builtinSource. name = 'accessor' |).
        (| parent* = traits builtinSource. name = 'retrieved' |).
        (| parent* = traits builtinSource. name = 'finder' |).
        (| parent* = traits builtinSource. name = 'model' |) }.
    builtinStages = {
        (| parent* = traits builtinStage. name = 'parse' |).
        (| parent* = traits builtinStage. name = 'recursion' |).
        (| parent* = traits builtinStage. name = 'primitives' |).
        (| parent* = traits builtinStage. name = 'trial' |).
        (| parent* = traits builtinStage. name = 'examples' |).
        (| parent* = traits builtinStage. name = 'auto' |) }.
    sources <- list copy.
    stages <- list copy.
|).

pLLM addSlots: (|
    "The source or stage of that name: in the pipeline, else a built-in one, else nil."
    sourceNamed: aName = ( sources detect: [:s | s name = aName] ifNone: [
        builtinSources detect: [:s | s name = aName] ifNone: [ nil ] ] ).
    stageNamed: aName = ( stages detect: [:s | s name = aName] ifNone: [
        builtinStages detect: [:s | s name = aName] ifNone: [ nil ] ] ).
    "Before format 4 the sources were names: these two keep such code working.
     The default of the time before the finder, exactly, reads as today's default."
    candidateSources = ( sources asVector collect: [:s | s name] ).
    candidateSources: names = (
        names asVector = {'accessor'. 'retrieved'. 'model'}
            ifTrue: [ ^ sources: builtinSources asList ].
        sources: (names asList collect: [:n |
            builtinSources detect: [:s | s name = n]
                ifNone: [ error: 'no built-in source named ' , n printString ] ]).
        self ).
|).

pLLM sources: pLLM builtinSources asList.
pLLM stages: pLLM builtinStages asList.
