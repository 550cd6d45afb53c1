"""Synthesis: writing a missing method when a message is not understood.

- `candidate`: the request and its candidates.
- `accessor`, `retrieval`: candidate sources (accessors, methods already in the image).
- `prompt`: the prompt for the model.
- `model`: model manifests and backends (llama.cpp in process, HTTP).
- `crucible`: checks and trial runs of a candidate.
- `policy`: the policies (`never`, `ask`, `auto`).
- `pipeline`: the whole path from request to installed method (`synthesize`, `Proposal`).
- `primitives`: the primitives through which the image's `pLLM` reaches this layer.
"""
