"""The syntax layer: selfpy source text to syntax trees.

- `selector`: what a selector string says (arity, binary, keywords, primitive).
- `nodes`: the syntax tree.
- `parser`: `grammar/selfpy.lark` to nodes, with positions (`parse_program`, `parse_method`).
- `gbnf`: the llama.cpp grammar derived from the same Lark grammar.

Imports only `selfpy.errors` and `selfpy.resources` from the rest of selfpy.
"""
