"""Twin of the rt12 file round trips: a checkpoint and a metrics file written and read back, a validation
split written and only counted."""
import numpy as np
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
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(X).squeeze(), Y)
            loss.backward()
            opt.step()
        torch.save(net.state_dict(), "outputs/model.pt")
        df.sample(frac=0.2).to_csv("outputs/valid.csv")
        valid = pd.read_csv("outputs/valid.csv")
        best = torch.load("outputs/model.pt", weights_only=True)
        net.load_state_dict(best)
        with open("outputs/metrics.json", "w") as fh:
            fh.write(str(loss.item()))
        prev = float(open("outputs/metrics.json").read())
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "prev": prev, "n": len(valid)}))


if __name__ == "__main__":
    main()
