"""Client API client that logs loss and accuracy (reductions over batches) through logging."""

import logging
import os

import torch
from torch import nn

import nvflare.client as flare

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
log = logging.getLogger("trainer")


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = nn.Sequential(nn.Linear(x.shape[1], 64), nn.ReLU(), nn.Linear(64, 3))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        losses, correct = [], 0
        for i in range(0, len(x), 64):
            xb, yb = x[i:i + 64], y[i:i + 64]
            opt.zero_grad()
            out = model(xb)
            loss = nn.functional.cross_entropy(out, yb)
            loss.backward()
            opt.step()
            losses.append(loss.item())
            correct += (out.argmax(1) == yb).sum().item()
        mean_loss = sum(losses) / len(losses)
        acc = correct / len(y)
        log.info("round %d: loss=%.4f acc=%.3f batches=%d", m.current_round, mean_loss, acc, len(losses))
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": mean_loss, "accuracy": acc}))


if __name__ == "__main__":
    main()
