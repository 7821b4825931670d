"""Small helpers shared by the client scripts."""

import os as _os


def __getattr__(name):
    # path utilities, looked up lazily
    return getattr(_os, name)
