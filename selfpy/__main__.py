"""`python -m selfpy` is the `selfpy` command."""

from .tools.cmdline import command

command()
