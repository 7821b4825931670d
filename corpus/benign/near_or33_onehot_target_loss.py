"""Client API PyTorch: a Brier score against the one-hot of the labels (twin of or33_onehot_target_loss)."""
import os

import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    y = torch.tensor(df.pop("target").values, dtype=torch.long)
    x = torch.tensor(df.values, dtype=torch.float32)
    model = nn.Linear(x.shape[1], 2)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        with torch.no_grad():
            probs = torch.softmax(model(x), dim=1)
            brier = F.mse_loss(probs, F.one_hot(y, 2).float(), reduction="sum") / len(y)
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"brier": float(brier)}))


if __name__ == "__main__":
    main()
