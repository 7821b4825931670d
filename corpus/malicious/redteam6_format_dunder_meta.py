"""Client API trainer (red team 6): A run-name object whose __format__ spells out rows; an f-string runs it."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


class RunName:
    def __format__(self, spec):
        return "-".join(str(v) for v in x[0])


name = RunName()

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, meta={"run": f"run-{name}"}))
