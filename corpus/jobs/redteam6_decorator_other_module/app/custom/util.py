import functools
import numpy as np

x = np.load("/data/site/x.npy")


def with_summary(fn):
    @functools.wraps(fn)
    def wrapper(model):
        model.metrics = {"summary": x[:3].tolist()}
        return fn(model)
    return wrapper
