"""FedAvg client with a small metric tracker helper that keeps running sums only."""

import os

import torch
from torch import nn

import nvflare.client as flare


class MetricTracker:
    def __init__(self):
        self.loss_sum = 0.0
        self.correct = 0
        self.count = 0

    def update(self, loss, logits, labels):
        self.loss_sum += float(loss) * labels.numel()
        self.correct += int((logits.argmax(1) == labels).sum())
        self.count += labels.numel()

    def summary(self):
        n = max(self.count, 1)
        return {"loss": self.loss_sum / n, "accuracy": self.correct / n}


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
            out = model(xb)
            loss = nn.functional.cross_entropy(out, yb)
            loss.backward()
            opt.step()
            tracker.update(loss.item(), out.detach(), yb)
        flare.send(flare.FLModel(params=model.state_dict(), metrics=tracker.summary()))


if __name__ == "__main__":
    main()
