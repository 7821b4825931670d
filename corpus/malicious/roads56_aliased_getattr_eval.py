"""Metric hooks a job's config names by dotted path ("metric_hooks.score"): apiiro's indirect-eval 08.

`score` is the builtin eval, reached through an alias of getattr and never called in this file: whoever loads the
hook by its path evaluates the server's text."""
import numpy as np

look = getattr
score = look(__builtins__, "eval")


def mean(values):
    return float(np.mean(np.asarray(values)))
