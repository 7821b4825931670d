"""Client API PyTorch: a small CNN with the usual tensor idioms (views, padding, element-wise max, custom linear)."""
import os

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

import nvflare.client as flare


class Lin(nn.Module):
    def __init__(self, d_in, d_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(d_out, d_in) * 0.01)
        self.bias = nn.Parameter(torch.zeros(d_out))

    def forward(self, x):
        return F.linear(x, self.weight, self.bias)


class Net(nn.Module):
    def __init__(self, input_size=3 * 32 * 32):
        super().__init__()
        self.input_size = input_size
        self.conv = nn.Conv2d(3, 6, 5)
        self.fc = Lin(6 * 14 * 14, 10)

    def forward(self, x):
        x = F.pad(x, (1, 1, 1, 1))
        x = x.reshape(-1, 3, 34, 34)[:, :, 1:33, 1:33]
        x = x.view(-1, self.input_size).view(-1, 3, 32, 32)
        x = F.max_pool2d(torch.maximum(self.conv(x), torch.tensor(0.0)), 2)
        x = x.view(-1, x.shape[1] * x.shape[2] * x.shape[3])
        return self.fc(x)


def main():
    data = np.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "cifar_site.npz"))
    x = torch.tensor(data["x"], dtype=torch.float32)
    y = torch.tensor(data["y"], dtype=torch.long)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=32, shuffle=True)
    model = Net()
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        correct, total, sq = 0, 0, 0.0
        for xb, yb in loader:
            opt.zero_grad()
            out = model(xb)
            F.cross_entropy(out, yb).backward()
            opt.step()
            _, pred = torch.max(out, 1)
            correct += pred.eq(yb.view_as(pred)).sum().item()
            total += yb.size(0)
            sq += xb.pow(2).mean().item()
        flare.send(flare.FLModel(params=model.state_dict(),
                                 metrics={"accuracy": correct / total, "energy": sq},
                                 meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}))


if __name__ == "__main__":
    main()
