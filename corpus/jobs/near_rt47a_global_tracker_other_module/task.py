import pandas as pd
import numpy as np
class Tracker:
    def __init__(self):
        self.losses = []
    def add(self, v):
        self.losses.append(v)
    def mean(self):
        return sum(self.losses) / max(len(self.losses), 1)
TRACKER = Tracker()
