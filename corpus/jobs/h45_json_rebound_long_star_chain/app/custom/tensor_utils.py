"""Shared helpers for the FL client (tensor_utils)."""

from metric_utils import *
