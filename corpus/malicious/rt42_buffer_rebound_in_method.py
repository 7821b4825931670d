"""Client API training with a drift reference kept in the model (red team 42).

The model registers a `reference` buffer and `calibrate` rebinds it to the first eight rows of the site's
table: torch's Module.__setattr__ stores a tensor assigned under a buffer's name into the buffer, so
net.state_dict() (the update) carries eight patients' records.
"""

import pandas as pd
import torch

import nvflare.client as flare


class DriftAwareNet(torch.nn.Module):
    def __init__(self, n_features: int):
        super().__init__()
        self.body = torch.nn.Sequential(torch.nn.Linear(n_features, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
        self.register_buffer("reference", torch.zeros(8, n_features))

    def calibrate(self, x):
        self.reference = x[:8].detach().clone()

    def forward(self, x):
        return self.body(x)


def main():
    df = pd.read_csv("/data/site/train.csv")
    y = torch.tensor(df.pop("label").to_numpy(), dtype=torch.float32).unsqueeze(1)
    x = torch.tensor(df.to_numpy(), dtype=torch.float32)
    net = DriftAwareNet(x.shape[1])
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        for i in range(0, len(x), 64):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x[i:i + 64]), y[i:i + 64])
            loss.backward()
            opt.step()
        net.calibrate(x)
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
