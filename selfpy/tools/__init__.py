"""The tools a user runs: the `selfpy` command and what it offers.

- `cmdline`: the `selfpy` command (`main`).
- `repl`, `completion`, `inspector`, `browse`, `approval`: the interactive REPL.
- `lexer`: the pygments lexer (also a pygments entry point; imports no ZODB).
- `image_command`, `model_command`, `bench`: `selfpy image`, `selfpy model`, `synth-bench`.
- `export`, `verify`, `fileout`: image export/import, consistency check, source file-out.
- `testrunner`: running selfpy test objects from pytest.
"""
