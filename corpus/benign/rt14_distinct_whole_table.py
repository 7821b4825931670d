"""Twin of malicious/rt14_distinct_names_bits.py: distinct diagnoses and classes of the whole table, and a
padding tensor repeated as often as the job says: aggregates and sizes."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def main():
    net = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={
            "loss": loss.item(), "diagnoses": float(df["diagnosis"].nunique()), "classes": float(len(set(df["y"]))),
            "filled": float(df["diagnosis"].count()), "pad": float(torch.ones(1).repeat(4).numel())}))


if __name__ == "__main__":
    main()
