"""The user-facing commands (the CLI and its groups); reports are analyzer.reports."""
