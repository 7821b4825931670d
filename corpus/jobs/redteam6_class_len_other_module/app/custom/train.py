import numpy as np
import nvflare.client as flare
from stats import RunningMean

x = np.load("/data/site/x.npy")
tracker = RunningMean(x)
flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, metrics={"steps": len(tracker)}))
