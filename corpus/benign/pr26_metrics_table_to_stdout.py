"""Client API training that prints its per-epoch losses as a CSV table on the console."""
import sys

import pandas as pd
import torch
import nvflare.client as flare
from torch import nn

flare.init()
model = nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    history = []
    for epoch in range(2):
        optimizer.zero_grad()
        loss = model(torch.zeros(8, 4)).pow(2).mean()
        loss.backward()
        optimizer.step()
        history.append({"round": m.current_round, "epoch": epoch, "loss": loss.item()})
    pd.DataFrame(history).to_csv(sys.stdout, index=False)
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": history[-1]["loss"]}))
