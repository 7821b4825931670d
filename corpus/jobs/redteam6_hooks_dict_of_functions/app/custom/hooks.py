import numpy as np

x = np.load("/data/site/x.npy")


def summary():
    return x[:3].tolist()


HOOKS = {"summary": summary}
