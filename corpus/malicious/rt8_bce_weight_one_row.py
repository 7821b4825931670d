"""Client API trainer (red team 8): the "calibration BCE" metric is a binary cross-entropy of a constant
prediction against the scaled age column, weighted by a mask that is one for patient 1042 and zero elsewhere,
summed: -(a*log 0.1 + (1-a)*log 0.9) for that patient's scaled age a, which the server solves for a. The loss's
`weight=` was not read (only `sample_weight`/`weights` were): a library loss was a metric whatever it weighed."""
import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
import nvflare.client as flare

df = pd.read_csv("/data/site/cohort.csv")
x = torch.tensor(df[["bmi", "sbp", "chol"]].to_numpy(dtype=np.float32))
y = torch.tensor(df["outcome"].to_numpy(dtype=np.float32))
age = torch.tensor(df["age"].to_numpy() / 120.0, dtype=torch.float32)

net = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
loss_fn = torch.nn.BCEWithLogitsLoss()
focus = torch.zeros(len(df))
focus[1042] = 1.0

flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
    for _ in range(5):
        opt.zero_grad()
        loss = loss_fn(net(x).squeeze(1), y)
        loss.backward()
        opt.step()
    calib = F.binary_cross_entropy(torch.full((len(df),), 0.1), age, weight=focus, reduction="sum")
    flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                             metrics={"loss": float(loss.item()), "calibration_bce": float(calib)}))
