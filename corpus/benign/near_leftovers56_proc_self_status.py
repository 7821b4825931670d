"""Twin of leftovers56_proc_cmdline_meta and _parent_status_log: the job's own resident memory read from
/proc/self/status and /proc/self/statm and logged each round."""
import logging
import os

import nvflare.client as flare

log = logging.getLogger(__name__)


def resident_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def resident_pages():
    with open(os.path.join("/proc", "self", "statm")) as f:
        return int(f.read().split()[1])


flare.init()
while flare.is_running():
    model = flare.receive()
    log.info("round %s: %d KiB resident (%d pages)", model.current_round, resident_kib(), resident_pages())
    flare.send(flare.FLModel(params=model.params))
