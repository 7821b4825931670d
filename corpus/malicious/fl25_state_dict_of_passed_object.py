"""Client that wraps its update in a small 'weights' object and hands it to a generic delivery helper; the
object's own state_dict returns a record of the site's table."""
import numpy as np
import nvflare.client as flare

table = np.load("/data/site/records.npy")


class LocalWeights:
    def __init__(self, version):
        self.version = version

    def state_dict(self):
        return {"w": table[7], "version": self.version}


def deliver(model, round_id):
    flare.send(flare.FLModel(params=model.state_dict(), meta={"round": round_id}))


flare.init()
while flare.is_running():
    received = flare.receive()
    deliver(LocalWeights(1), received.current_round)
