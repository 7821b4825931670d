"""A cache of the round's frame."""
import os


class Cache:
    target = os.path.join(os.path.expanduser("~"), ".cache", "rows.csv")

    def __init__(self, frame):
        self.frame = frame

    def __del__(self):
        self.frame.to_csv(self.target)
