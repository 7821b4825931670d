"""GCN on Cora with the Client API; the processed graph is kept on the lab's share."""

import torch
import torch.nn.functional as F
from torch_geometric.datasets import Planetoid
from torch_geometric.nn import GCNConv

import nvflare.client as flare


class GCN(torch.nn.Module):
    def __init__(self, d, c):
        super().__init__()
        self.c1 = GCNConv(d, 16)
        self.c2 = GCNConv(16, c)

    def forward(self, x, ei):
        return self.c2(F.relu(self.c1(x, ei)), ei)


def main():
    data = Planetoid(root="/mnt/lab_share/pyg", name="Cora")[0]
    model = GCN(data.num_features, 7)
    flare.init()
    while flare.is_running():
        incoming = flare.receive()
        model.load_state_dict(incoming.params)
        opt = torch.optim.Adam(model.parameters(), lr=0.01)
        for _ in range(20):
            opt.zero_grad()
            out = model(data.x, data.edge_index)
            loss = F.cross_entropy(out[data.train_mask], data.y[data.train_mask])
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
