"""The engine: job folder -> content -> parsed modules -> findings -> score -> decision."""
