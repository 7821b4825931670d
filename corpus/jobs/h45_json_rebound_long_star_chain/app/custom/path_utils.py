"""Shared helpers for the FL client (path_utils)."""

from compat_utils import *
