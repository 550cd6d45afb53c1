"""Embedding: selfpy inside a Python program.

- `world`: `World`, an open image with its runtime, sessions and transactions.
- `proxy`: `Proxy`, a selfpy object seen from Python.
- `conversion`: values across the Python/selfpy boundary.
"""
