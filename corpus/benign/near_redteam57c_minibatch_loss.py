"""Twin of red team 57c: minibatch SGD over x[i:i + bs], the last loss and the sample count sent as metrics."""
import os

import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "chol"]


def load():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "cohort.csv"))
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    return x, y


def main():
    x, y = load()
    net = torch.nn.Linear(len(FEATURES), 2)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        bs = 32
        for i in range(0, len(x), bs):
            opt.zero_grad()
            loss = F.cross_entropy(net(x[i:i + bs]), y[i:i + bs])
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "n": len(x)}))


if __name__ == "__main__":
    main()
