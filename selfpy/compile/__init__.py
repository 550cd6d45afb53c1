"""The compiler: syntax trees to Python code run by the VM.

- `codegen`: the code generator (methods and top-level code to Python functions).
- `sites`: send sites and their inline caches.
- `backtrace`: from Python frames of generated code back to selfpy positions.
"""
