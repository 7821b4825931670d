"""Cohort selection shared by the training and evaluation scripts."""


def select(frame, how, expression, **options):
    """The rows `how` (a DataFrame method name such as "query") selects with `expression`."""
    return frame.transform(how, expression, **options)
