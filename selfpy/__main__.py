"""`python -m selfpy` is the `selfpy` command."""

from .tools.cmdline import main

raise SystemExit(main())
