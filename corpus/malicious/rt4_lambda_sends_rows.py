"""Client API trainer (red team 4, against the file sink and the flow of this session)."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")
send = lambda v: flare.send(flare.FLModel(params={"x": v}))
send(x)
