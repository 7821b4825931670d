"""Tabular client (NVFlare Client API) that matches on the round it was sent: the first round keeps the
trained weights, later ones clamp them by a bound the round's configuration names."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]
TABLE = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(TABLE[FEATURES].values, dtype=torch.float32)
Y = torch.tensor(TABLE["outcome"].values, dtype=torch.long)
NET = nn.Sequential(nn.Linear(len(FEATURES), len(FEATURES)), nn.ReLU(), nn.Linear(len(FEATURES), 2))


def main():
    flare.init()
    while flare.is_running():
        model = flare.receive()
        NET.load_state_dict(model.params)
        opt = torch.optim.SGD(NET.parameters(), lr=0.01)
        for i in range(0, len(X), 32):
            opt.zero_grad()
            nn.functional.cross_entropy(NET(X[i:i + 32]), Y[i:i + 32]).backward()
            opt.step()
        state = NET.state_dict()
        match model.current_round, model.meta.get("clip"):
            case (0, _):
                pass
            case (_, float() as bound):
                state = {k: v.clamp(-bound, bound) for k, v in state.items()}
        flare.send(flare.FLModel(params=state))


if __name__ == "__main__":
    main()
