"""jobgate's version: the one place it is written (pyproject.toml reads it from here).

A literal rather than the installed distribution's metadata, which every start
of the CLI looked up among all the environment's distributions (2 to 7 ms)."""

VERSION = "0.1.0"
