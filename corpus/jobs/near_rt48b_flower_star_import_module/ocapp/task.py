"""Training settings."""
__all__ = ["learning_rate"]


def learning_rate():
    return 0.1
