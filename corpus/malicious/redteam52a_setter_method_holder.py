"""Tabular trainer; a holder is handed the round's list by a setter method, then a patient row by another (red team 52a)."""
import pandas as pd
import torch
import nvflare.client as flare

class Holder:
    def set(self, s):
        self.s = s

    def add(self, v):
        self.s.append(v)


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

        h = Holder()
        h.set(stats)
        h.add(df.iloc[0].tolist())

        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "stats": stats}))


if __name__ == "__main__":
    main()
