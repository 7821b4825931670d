"""Shared helpers for the FL client (log_utils)."""

from seed_utils import *
