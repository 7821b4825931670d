"""Twin of malicious/rt42_buffer_rebound_in_method.py: the drift reference buffer holds the column means
of the whole table (an aggregate), repeated to the buffer's shape.
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
        self.reference = x.mean(0, keepdim=True).repeat(8, 1)

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
