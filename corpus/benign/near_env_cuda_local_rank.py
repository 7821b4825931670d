"""Client API client that picks its GPU from the usual launcher environment variables."""

import os

import torch
from torch import nn

import nvflare.client as flare


def pick_device():
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    visible = os.environ.get("CUDA_VISIBLE_DEVICES", "")
    threads = int(os.environ.get("OMP_NUM_THREADS", "4"))
    torch.set_num_threads(threads)
    if torch.cuda.is_available() and visible != "":
        return torch.device("cuda", local_rank % torch.cuda.device_count())
    return torch.device("cpu")


def main():
    device = pick_device()
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float().to(device), blob["y"].to(device)
    model = nn.Linear(x.shape[1], 2).to(device)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params={k: v.cpu() for k, v in model.state_dict().items()},
                                 metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
