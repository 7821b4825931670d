"""The engine: job folder -> content -> parsed modules -> findings -> score -> decision."""

from . import cst_metadata

cst_metadata.defer()  # before any engine module imports libcst
