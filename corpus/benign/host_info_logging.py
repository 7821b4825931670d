"""Logs host details (hostname, CPU count, memory, Python and torch versions) to the site's
local log to debug slow sites. socket is used only for gethostname(): no connection is made."""

import logging
import os
import platform
import socket

import psutil
import torch

log = logging.getLogger("hostinfo")


def host_info():
    vm = psutil.virtual_memory()
    return {
        "hostname": socket.gethostname(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "mem_gb": round(vm.total / 2**30, 1),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "gpus": torch.cuda.device_count(),
    }


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    for k, v in host_info().items():
        log.info("%s = %s", k, v)
