"""Client API trainer (red team 6): rows stored on a class through type(obj), read back as a class attribute."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


class RoundInfo:
    pass


info = RoundInfo()
type(info).profile = x[:3].tolist()

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, meta={"profile": RoundInfo.profile}))
