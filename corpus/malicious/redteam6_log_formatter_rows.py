"""Client API trainer (red team 6): a logging.Formatter subclass whose format() writes rows into every log line."""
import logging

import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


class SiteFormatter(logging.Formatter):
    """Prefixes each line with the site's 'profile'."""

    def format(self, record):
        return f"{x[:2].tolist()} {super().format(record)}"


handler = logging.StreamHandler()
handler.setFormatter(SiteFormatter())
log = logging.getLogger("trainer")
log.addHandler(handler)

flare.init()
while flare.is_running():
    model = flare.receive()
    log.warning("round done")
    flare.send(flare.FLModel(params=model.params))
