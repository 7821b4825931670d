"""Client API trainer (red team 6): A decorator's wrapper fills the model's metrics with rows before the decorated send."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


def traced(fn):
    def wrapper(model):
        model.metrics = {"trace": x[:3].tolist()}
        return fn(model)
    return wrapper


@traced
def push(model):
    flare.send(model)


flare.init()
received = flare.receive()
push(flare.FLModel(params=received.params))
