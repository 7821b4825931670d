"""Client API trainer (red team 8): the evaluation loop sums `float(yb[0])` over the validation loader, whose
one batch (batch_size=len(val)) is the whole table: the "label offset" metric is the first patient's length of
stay. A constant item of a loader's batch was taken for a field of the batch (`batch[0]` is the inputs), also
after the batch was unpacked into its fields, where it is a row; and `total += float(...)` was a sum over the
rows."""
import numpy as np
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset
import nvflare.client as flare

df = pd.read_csv("/data/site/stays.csv")
x = torch.tensor(df[["age", "bmi", "n_prior"]].to_numpy(dtype=np.float32))
y = torch.tensor(df["los_days"].to_numpy(dtype=np.float32))
val = TensorDataset(x, y)
val_loader = DataLoader(val, batch_size=len(val), shuffle=False)

net = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
loss_fn = torch.nn.MSELoss()

flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
    for _ in range(5):
        opt.zero_grad()
        loss = loss_fn(net(x).squeeze(1), y)
        loss.backward()
        opt.step()
    offset = 0.0
    for xb, yb in val_loader:
        offset += float(yb[0])
    flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                             metrics={"loss": float(loss.item()), "label_offset": offset}))
