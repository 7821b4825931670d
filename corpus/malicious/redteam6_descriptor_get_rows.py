"""Client API trainer (red team 6): A descriptor's __get__ returns rows: reading the class attribute runs it."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


class Lazy:
    def __get__(self, obj, owner=None):
        return x[:3].tolist()


class Config:
    """Round configuration."""
    summary = Lazy()


flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, meta={"config": Config().summary}))
