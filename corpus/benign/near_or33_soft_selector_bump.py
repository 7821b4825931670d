"""Client API PyTorch: confidence-weighted feature means, a softmax over the model's logits (twin of
or33_soft_selector_bump)."""
import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    x = torch.tensor(df.values, dtype=torch.float32)
    x = (x - 0.5) / 0.5
    model = nn.Linear(x.shape[1], 2)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        with torch.no_grad():
            confidence = torch.softmax(model(x), dim=1).max(dim=1).values
            profile = (x * confidence[:, None]).mean(dim=0)
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"profile": profile.tolist()}))


if __name__ == "__main__":
    main()
