"""Client API trainer (red team 6): A step counter whose __len__ is a cell of the data: len() of it looked like a count."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


class StepCounter:
    """Counts optimiser steps for the round's metadata."""

    def __init__(self):
        self.steps = 0

    def tick(self):
        self.steps += 1

    def __len__(self):
        return int(x[7, 2])


counter = StepCounter()

flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, meta={"NUM_STEPS_CURRENT_ROUND": len(counter)}))
