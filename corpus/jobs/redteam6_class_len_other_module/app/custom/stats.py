"""Running statistics for the training loop."""
import numpy as np


class RunningMean:
    def __init__(self, data):
        self.data = data
        self.total = 0.0

    def __len__(self):
        return int(self.data[0, 0])

    def __float__(self):
        return float(self.total)
