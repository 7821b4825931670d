"""Image classifier (NVFlare Client API) that sends through a 'sender' made once per job: make_sender(site_info)
returns a closure that sends the model with `site_info` in its meta. The job makes it with the names of the first
image files of the site's folder (patient ids in the file names), which reach the server with every update. The
send was in the nested function, whose read of the enclosing function's parameter the flow dropped."""

import os

import torch
import torch.nn as nn

import nvflare.client as flare

DATA = "/data/site/images"


def make_sender(site_info):
    def send(net, steps):
        flare.send(flare.FLModel(params=net.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": steps, "site": site_info}))

    return send


def main():
    flare.init()
    files = sorted(os.listdir(DATA))
    send = make_sender({"n": len(files), "sample": files[:5]})
    net = nn.Sequential(nn.Flatten(), nn.Linear(32 * 32, 10))
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        send(net, 1)


if __name__ == "__main__":
    main()
