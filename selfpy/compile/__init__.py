"""The compiler: syntax trees to Python code run by the VM.

- `codegen`: the code generator (methods and top-level code to Python functions).
- `inline`: the inliners for control messages and small-integer arithmetic.
- `captures`: what a tree assigns, returns from and captures, asked before compiling a block.
- `names`: the names shared by generated code and the runtime that fills its namespace.
- `sites`: send sites and their inline caches.
- `backtrace`: from Python frames of generated code back to selfpy positions.
"""
