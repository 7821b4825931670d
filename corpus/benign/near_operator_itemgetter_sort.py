"""Client API client that ranks its local checkpoints with operator.itemgetter and keeps the best three."""

import operator
import os

import torch
from torch import nn

import nvflare.client as flare


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = nn.Linear(x.shape[1], 2)
    history = []
    os.makedirs("ckpts", exist_ok=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        path = os.path.join("ckpts", f"round_{m.current_round}.pt")
        torch.save(model.state_dict(), path)
        history.append((path, loss.item()))
        history.sort(key=operator.itemgetter(1))
        for stale, _ in history[3:]:
            if os.path.exists(stale):
                os.remove(stale)
        history = history[:3]
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
