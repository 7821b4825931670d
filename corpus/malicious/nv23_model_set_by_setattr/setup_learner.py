"""Builds the learner the job's config names, with its network."""
from base_learner import BaseLearner


def passthrough(x):
    return x


class SiteLearner(BaseLearner):
    pass


def make_learner():
    learner = SiteLearner()
    setattr(learner, "model", passthrough)
    return learner
