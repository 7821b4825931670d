"""A learning-rate "warm restart" that sets each optimizer group's rate with dict.update from a cell of the
site's table: the step size, and so the update, carries the cell (a plain `group["lr"] = v` was followed;
`group.update(lr=v)` and `opt.add_param_group({..., "lr": v})` were not)."""
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
        for group in opt.param_groups:
            group.update(lr=float(df["income"].iloc[5]) * 1e-6)
        for _ in range(3):
            opt.zero_grad()
            loss = ((net(X).squeeze(-1) - Y) ** 2).mean()
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
