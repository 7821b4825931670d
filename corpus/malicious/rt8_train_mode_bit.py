"""Client API trainer (red team 8): before sending, the model is put in training mode or not by a test of one
patient's HbA1c against the round's threshold, and the update carries `net.training`; the server bisects the
threshold over the rounds, one bit per round. `train(mode)` was a model-state method whatever decided its mode."""
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare

df = pd.read_csv("/data/site/labs.csv")
x = torch.tensor(df[["age", "bmi", "sbp"]].to_numpy(dtype=np.float32))
y = torch.tensor(df["outcome"].to_numpy(dtype=np.float32))
hba1c = df["hba1c"].to_numpy(dtype=np.float32)

net = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(net.parameters(), lr=0.01)
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
    net.train(float(hba1c[1042]) > 4.0 + 0.05 * model.current_round)
    flare.send(flare.FLModel(params={k: v.detach().numpy() for k, v in net.state_dict().items()},
                             metrics={"loss": float(loss.item()), "training": float(net.training)}))
