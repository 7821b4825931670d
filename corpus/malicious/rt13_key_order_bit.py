"""One bit of a record per round in the ORDER of the update's entries.

The values sent are the model's own; which of two orders the keys come in says whether the record's first
cell is past the threshold the server picked for this round (a bisection spells the cell out over rounds).
`del`/`pop` under a test of the site's data were followed, an in-place reorder (keys.reverse(), keys.sort())
was not."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def main():
    net = torch.nn.Sequential(torch.nn.Linear(X.shape[1], 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
            loss.backward()
            opt.step()
        sd = net.state_dict()
        keys = list(sd)
        if float(X[7, 2]) > m.meta.get("probe", 0.0):
            keys.reverse()
        flare.send(flare.FLModel(params={k: sd[k] for k in keys}, metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
