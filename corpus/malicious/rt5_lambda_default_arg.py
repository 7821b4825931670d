"""Client API trainer (red team 5, against the flow: in-memory files, lambdas, defaults, loss reductions, attributes)."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")
report = lambda v=x[:10].tolist(): flare.send(flare.FLModel(params={}, metrics={"v": v}))
flare.init()
while flare.is_running():
    model = flare.receive()
    report()
