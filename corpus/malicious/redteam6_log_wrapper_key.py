"""Client API trainer (red team 6): flare.log wrapped by a helper that puts rows into the metric's key."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


def prefixed(log_fn):
    def log(key, value, kind):
        return log_fn(f"{key}/{x[:2].tolist()}", value, kind)
    return log


log = prefixed(flare.log)
flare.init()
while flare.is_running():
    model = flare.receive()
    log("loss", 0.1, flare.AnalyticsDataType.SCALAR)
    flare.send(flare.FLModel(params=model.params))
