"""Client API trainer (red team 6): type(name, bases, namespace) builds a class from rows: it was counted like type(x)."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")

Stats = type("Stats", (), {"cohort": x[:3].tolist()})

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, meta={"cohort": Stats.cohort}))
