"""Client API trainer (red team 5, against the aggregate rule: what makes data clean)."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")
flare.init()
while flare.is_running():
    model = flare.receive()
    sizes = [range(int(x[i, j])).stop for i in range(4) for j in range(3)]
    flare.send(flare.FLModel(params=model.params, metrics={"sizes": sizes}))
