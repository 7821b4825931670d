"""Small array helpers shared by the training script."""


def weigh(values, weights):
    """Element-wise weighting of a column."""
    return values * weights
