"""The virtual machine: running compiled selfpy code.

- `runtime`: `Runtime`, sends, lookup caches, the well-known objects.
- `budget`: step and time limits for a run.
- `recursion`: how deeply sends may nest, and the C stack that takes.
- `primitives`: the `_Something:` primitives, one module per kind of value.
"""
