"""Client API client streaming scalar metrics with NVFlare's SummaryWriter."""

import os

import torch
from torch import nn

import nvflare.client as flare
from nvflare.client.tracking import SummaryWriter


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = nn.Sequential(nn.Linear(x.shape[1], 64), nn.ReLU(), nn.Linear(64, 2))
    flare.init()
    writer = SummaryWriter()
    step = 0
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for i in range(0, len(x), 64):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x[i:i + 64]), y[i:i + 64])
            loss.backward()
            opt.step()
            step += 1
            if step % 20 == 0:
                writer.add_scalar("train_loss", loss.item(), global_step=step)
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
