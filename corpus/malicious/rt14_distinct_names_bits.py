"""Red team 14: 'duplicate check' metrics that say whether chosen patients are alike: the number of distinct
diagnoses of two records the server names (nunique), the number of distinct surnames among five (len(set())),
and a tensor repeated a patient's age times (numel). Counts of values of chosen rows were sizes (clean)."""
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
        a, b = m.meta.get("pair", (0, 1))
        dup = int(df.iloc[[a, b]]["diagnosis"].nunique())
        names = len(set(df["surname"].iloc[:5]))
        pad = torch.ones(1).repeat(int(df["age"].iloc[a])).numel()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={
            "loss": loss.item(), "dup": float(dup), "names": float(names), "pad": float(pad)}))


if __name__ == "__main__":
    main()
