"""Twin of roads56_aliased_getattr_eval: the same alias and call shape, but the callee is the job's own lookup,
and the name it is given ("eval") is only a key of the job's own table of metric hooks."""
import numpy as np

SCORERS = {"eval": np.mean, "train": np.median}


def pick(table, name):
    return table[name]


look = pick
score = look(SCORERS, "eval")


def mean(values):
    return float(np.mean(np.asarray(values)))
