"""The update's keys sorted with `reverse=` set by a comparison of a record's cell: an explicit flow into
the order (list.sort stored nothing of what it was given into the list)."""
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
        sd = net.state_dict()
        names = list(sd)
        names.sort(reverse=bool(X[3, 1] > 0.5))
        flare.send(flare.FLModel(params={k: sd[k] for k in names}, metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
