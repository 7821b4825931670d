"""Shared helpers for the FL client (io_utils)."""

from tensor_utils import *
