"""Client API trainer (red team 6): A metrics holder whose __getattr__ answers any missing attribute with rows."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


class Metrics:
    """Metrics with a default for any metric not computed yet."""

    def __init__(self):
        self.loss = 0.0

    def __getattr__(self, name):
        return x[:3].tolist()


mt = Metrics()

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"loss": mt.loss, "auc": mt.auc}))
