"""Shared helpers for the FL client (config_utils)."""

from path_utils import *
