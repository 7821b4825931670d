"""Shared helpers for the FL client (metric_utils)."""

from log_utils import *
