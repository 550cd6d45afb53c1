"""Embedding: selfpy inside a Python program.

- `world`: `World`, an open image with its runtime, sessions and transactions.
- `boundary`: `Proxy`, a selfpy object seen from Python, and the conversion of values
  across the Python/selfpy boundary (`to_selfpy`, `to_python`).
"""
