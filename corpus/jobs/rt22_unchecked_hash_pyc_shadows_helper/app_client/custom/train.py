import pandas as pd
import torch
import nvflare.client as flare
import helpers

df = pd.read_csv("/data/site/patients.csv")
net = torch.nn.Linear(3, 1)
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"age": 0.0}))
