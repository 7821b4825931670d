"""Tabular trainer; `b.keep = stats.append` stored on an object of the job's class, then `b.keep(row)` (red team 52a)."""
import pandas as pd
import torch
import nvflare.client as flare

class Box:
    pass


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[["a", "b", "c", "d"]].values, dtype=torch.float32)
    y = torch.tensor(df["y"].values)
    net = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        stats = []

        b = Box()
        b.keep = stats.append
        b.keep(df.iloc[0].tolist())

        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "stats": stats}))


if __name__ == "__main__":
    main()
