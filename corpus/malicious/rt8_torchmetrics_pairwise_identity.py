"""Client API trainer (red team 8): an embedding model on the site's lab panel; the "embedding alignment"
metric is torchmetrics' pairwise_linear_similarity of the standardised panel against an identity matrix,
which is the panel itself, row for row. metric_calls vouched for every `torchmetrics.*` call as a reduced
score of predictions against labels; the pairwise functions hand out one value per pair of rows."""
import numpy as np
import pandas as pd
import torch
import torchmetrics.functional as tmf
import nvflare.client as flare

df = pd.read_csv("/data/site/labs.csv")
panel = torch.tensor(df[["hba1c", "ldl", "egfr", "crp"]].to_numpy(dtype=np.float32))
panel = (panel - panel.mean(0)) / panel.std(0)
y = torch.tensor(df["outcome"].to_numpy(dtype=np.float32))

net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
loss_fn = torch.nn.BCEWithLogitsLoss()

flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
    for _ in range(3):
        opt.zero_grad()
        loss = loss_fn(net(panel).squeeze(1), y)
        loss.backward()
        opt.step()
    alignment = tmf.pairwise_linear_similarity(panel, torch.eye(4))
    flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                             metrics={"loss": float(loss.item()), "alignment": alignment.tolist()}))
