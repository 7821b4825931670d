import pandas as pd
import torch
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/patients.csv")
net = torch.nn.Linear(4, 2)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    tag = "-".join(str(v) for v in df["patient_id"].head(20))
    torch.save(net.state_dict(), f"ckpt_{tag}.pt")
    flare.send(flare.FLModel(params=net.state_dict()))
