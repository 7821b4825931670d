"""Twin of benign/host_info_logging.py: the same host facts (socket.gethostname, psutil memory) go in the
update's meta instead of the local log, so the server learns the site's machine names round by round."""

import platform
import socket

import psutil
import torch

import nvflare.client as flare


def host_info():
    vm = psutil.virtual_memory()
    return {"hostname": socket.gethostname(), "platform": platform.platform(), "mem_gb": round(vm.total / 2**30, 1)}


def main():
    net = torch.nn.Linear(8, 2)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        flare.send(flare.FLModel(params=net.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 1, "host": host_info()}))


if __name__ == "__main__":
    main()
