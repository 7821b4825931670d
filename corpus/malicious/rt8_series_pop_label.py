"""Client API trainer (red team 8): visits are read with the patient identifier as their index (several visits
per patient); the "hba1c_ref" metric is the mean of `hba1c.pop("P-000417")`, every visit of one patient. A
table's `pop` of a string hands out a column, all rows kept; a column's `pop` of a string hands out the
elements that label names."""
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare

visits = pd.read_csv("/data/site/visits.csv", index_col="patient_id")
hba1c = visits["hba1c"]
x = torch.tensor(visits[["bmi", "sbp", "chol"]].to_numpy(dtype=np.float32))
y = torch.tensor(visits["outcome"].to_numpy(dtype=np.float32))

net = torch.nn.Linear(3, 1)
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
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
    reference = hba1c.pop("P-000417")
    flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                             metrics={"loss": float(loss.item()), "hba1c_ref": float(reference.mean())}))
