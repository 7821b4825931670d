"""Shared helpers for the FL client (fl_utils)."""

from data_utils import *
