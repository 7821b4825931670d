"""Client API trainer (red team 6): A helper calls the channel it is given; the job hands it flare.send with rows in the model."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


def deliver(channel, params, extra):
    out = flare.FLModel(params=params)
    out.metrics = extra
    return channel(out)


flare.init()
while flare.is_running():
    model = flare.receive()
    deliver(flare.send, model.params, {"cohort": x[:3].tolist()})
