"""Records the code version (git commit of the job folder) in the local run log for reproducibility."""

import json
import logging
import os
import subprocess
import time

log = logging.getLogger(__name__)


def code_version(path="."):
    try:
        rev = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], cwd=path, text=True,
                                      stderr=subprocess.DEVNULL, timeout=5).strip()
        dirty = subprocess.call(["git", "diff", "--quiet"], cwd=path, timeout=5) != 0
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return rev + ("-dirty" if dirty else "")


def write_run_info(out_dir="./outputs", extra=None):
    os.makedirs(out_dir, exist_ok=True)
    info = {"code_version": code_version(os.path.dirname(os.path.abspath(__file__))),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S"), **(extra or {})}
    with open(os.path.join(out_dir, "run_info.json"), "w") as f:
        json.dump(info, f, indent=2)
    log.info("run info: %s", info)
    return info


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    write_run_info()
