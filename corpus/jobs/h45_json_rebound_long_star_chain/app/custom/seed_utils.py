"""Shared helpers for the FL client (seed_utils)."""

from config_utils import *
