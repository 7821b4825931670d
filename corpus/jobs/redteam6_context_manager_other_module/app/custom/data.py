import numpy as np


class Session:
    def __enter__(self):
        self.x = np.load("/data/site/x.npy")
        return self.x[:3].tolist()

    def __exit__(self, *exc):
        return False
