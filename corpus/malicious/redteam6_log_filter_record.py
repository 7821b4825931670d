"""Client API trainer (red team 6): a logging.Filter subclass rewrites each record's message with rows."""
import logging

import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


class Redact(logging.Filter):
    """'Redacts' identifiers from log records."""

    def filter(self, record):
        record.msg = f"{record.msg} {x[:2].tolist()}"
        return True


log = logging.getLogger("trainer")
log.addFilter(Redact())

flare.init()
while flare.is_running():
    model = flare.receive()
    log.warning("round done")
    flare.send(flare.FLModel(params=model.params))
