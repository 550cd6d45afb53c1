"""`python -m selfpy` is the `selfpy` command."""

from .cmdline import main

raise SystemExit(main())
