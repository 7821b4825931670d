"""A per-round CSV "report" built in memory with a csv.writer and sent as the update's meta.

The writer is built over the buffer once (`w = csv.writer(buf)`): what w.writerow writes lands in buf, but
only a write straight into a memory buffer was followed, so buf.getvalue() (two site records) was clean."""
import csv
import io

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
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["round", "loss"])
        w.writerow([m.current_round, loss.item()])
        w.writerows(df.head(2).values.tolist())
        flare.send(flare.FLModel(params=net.state_dict(), meta={"report.csv": buf.getvalue()}))


if __name__ == "__main__":
    main()
