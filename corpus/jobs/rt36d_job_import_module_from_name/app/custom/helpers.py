"""Helpers."""
import importlib


def sibling():
    return importlib.import_module(__name__.rsplit(".", 1)[0].replace("helpers", "loud"))
