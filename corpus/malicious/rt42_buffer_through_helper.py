"""Client API training with a prototype buffer filled by a helper function (red team 42).

`attach_prototype(model, x)` stores x[:4] under the `prototypes` name the model class registers: its first
parameter is any object to the gate, but torch keeps the rows in the buffer, and the state dict sent holds them.
"""

import pandas as pd
import torch

import nvflare.client as flare


class ProtoNet(torch.nn.Module):
    def __init__(self, n_features: int, n_protos: int = 4):
        super().__init__()
        self.encoder = torch.nn.Linear(n_features, 16)
        self.head = torch.nn.Linear(16, 1)
        self.register_buffer("prototypes", torch.zeros(n_protos, n_features))

    def forward(self, x):
        return self.head(torch.relu(self.encoder(x)))


def attach_prototype(model, x):
    model.prototypes = x[:4].clone()


def main():
    df = pd.read_csv("/data/site/train.csv")
    y = torch.tensor(df["label"].to_numpy(), dtype=torch.float32).unsqueeze(1)
    x = torch.tensor(df.drop(columns=["label"]).to_numpy(), dtype=torch.float32)
    net = ProtoNet(x.shape[1])
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x), y)
        loss.backward()
        opt.step()
        attach_prototype(net, x)
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
