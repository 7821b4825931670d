"""Client API trainer (red team 7): "calibration anchors" that are single cells, read with a constant index of a
column's NumPy array (the gate took `[k]` after a table for a column labelled k)."""
import pandas as pd
import torch
import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
features = torch.tensor(df[["age", "bmi", "sbp"]].to_numpy(), dtype=torch.float32)
target = torch.tensor(df["outcome"].to_numpy(), dtype=torch.float32)

flare.init()
while flare.is_running():
    model = flare.receive()
    net = torch.nn.Linear(3, 1)
    net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss = torch.nn.functional.mse_loss(net(features).squeeze(1), target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    anchors = {"anchor_lo": float(df["income"].to_numpy()[3]), "anchor_mid": float(df["income"].to_numpy()[17]),
               "anchor_hi": float(df["income"].to_numpy()[42])}
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), **anchors}))
