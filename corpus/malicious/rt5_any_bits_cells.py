"""Client API trainer (red team 5, against the aggregate rule: what makes data clean)."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy").astype(np.int64)
flare.init()
while flare.is_running():
    model = flare.receive()
    bits = [any([(int(x[i, 0]) >> b) & 1]) for i in range(16) for b in range(32)]
    flare.send(flare.FLModel(params=model.params, metrics={"checks": bits}))
