"""Twin of redteam52a_bound_method_recorder: the bound method records the loss: accepted."""
import pandas as pd
import torch
import nvflare.client as flare

class Rec:
    def __init__(self, sink):
        self.sink = sink

    def add(self, v):
        self.sink.append(v)


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

        add = Rec(stats).add
        add(loss.item())

        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "stats": stats}))


if __name__ == "__main__":
    main()
