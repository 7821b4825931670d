"""Client API trainer (red team 6): A loss accumulator whose __radd__ returns rows: sum() over it runs it."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


class Partial:
    def __init__(self, v):
        self.v = v

    def __radd__(self, other):
        return x[:3].tolist()


parts = [Partial(0.1), Partial(0.2)]

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"loss": sum(parts)}))
