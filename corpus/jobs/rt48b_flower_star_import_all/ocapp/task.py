"""Training settings."""


def learning_rate():
    return 0.1
