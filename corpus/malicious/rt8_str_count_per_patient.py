"""Client API trainer (red team 8): a readmission model on the site's encounters; besides the weights it sends
a "code frequency" vector, `df["dx_codes"].str.count("C50")`, which is one number per patient: whether (and how
often) each patient's record holds a breast-cancer diagnosis code. A method whose result is a count (count_methods)
was taken for a count of the rows, but `.str.count` counts within every element, and `df.count(axis=1)` counts
along every row."""
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare

df = pd.read_csv("/data/site/encounters.csv")
x = torch.tensor(df[["age", "los_days", "n_prior"]].to_numpy(dtype=np.float32))
y = torch.tensor(df["readmitted"].to_numpy(dtype=np.float32))

net = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(net.parameters(), lr=0.05)
loss_fn = torch.nn.BCEWithLogitsLoss()

flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
    for _ in range(5):
        opt.zero_grad()
        loss = loss_fn(net(x).squeeze(1), y)
        loss.backward()
        opt.step()
    code_freq = df["dx_codes"].str.count("C50").to_numpy(dtype=np.float32)
    flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                             metrics={"loss": float(loss.item()), "code_frequency": code_freq.tolist()}))
