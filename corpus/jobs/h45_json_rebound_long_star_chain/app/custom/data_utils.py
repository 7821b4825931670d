"""Shared helpers for the FL client (data_utils)."""

from io_utils import *
