"""Client API trainer (red team 5: a DataLoader collate_fn function that keeps the rows it is handed)."""
import numpy as np
import torch
import nvflare.client as flare

x = torch.tensor(np.load("/data/site/x.npy"))
rows = []
def grab(b):
    rows.extend(b)
    return torch.stack(b)

loader = torch.utils.data.DataLoader(x, batch_size=8, collate_fn=grab)
flare.init()
while flare.is_running():
    model = flare.receive()
    for batch in loader:
        pass
    flare.send(flare.FLModel(params=model.params, metrics={"n": [r.tolist() for r in rows[:5]]}))
