"""Twin of malicious/rt15_metric_named_cell.py: the accuracy over every row under a name like a metric's, rounded,
and a fixed number of local epochs."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
EPOCHS = 2


def main():
    net = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        for _ in range(EPOCHS):
            opt.zero_grad()
            torch.nn.functional.binary_cross_entropy_with_logits(net(X).squeeze(-1), Y).backward()
            opt.step()
        val_accuracy = float(((net(X).squeeze(-1) > 0) == (Y > 0.5)).float().mean())
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"val_accuracy": round(val_accuracy, 4)}))


if __name__ == "__main__":
    main()
