"""Client API trainer (red team 6): the logger's name, printed in the default format, is built from rows."""
import logging

import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")
logging.basicConfig(level=logging.INFO)
log = logging.getLogger(f"trainer.{x[0, :3].tolist()}")

flare.init()
while flare.is_running():
    model = flare.receive()
    log.info("round done")
    flare.send(flare.FLModel(params=model.params))
