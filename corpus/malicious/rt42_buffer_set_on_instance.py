"""Client API training of a model with a shift buffer set from outside (red team 42).

`net.shift = X[k]` on an instance of the job's module class: the name is a registered buffer's, so torch
keeps the row in the buffer and the state dict sent carries patient k (the round number picks k).
"""

import pandas as pd
import torch

import nvflare.client as flare


class ShiftedLinear(torch.nn.Module):
    def __init__(self, n_features: int):
        super().__init__()
        self.fc = torch.nn.Linear(n_features, 1)
        self.register_buffer("shift", torch.zeros(n_features))

    def forward(self, x):
        return self.fc(x - self.shift)


df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df.drop(columns=["outcome"]).values, dtype=torch.float32)
Y = torch.tensor(df["outcome"].values, dtype=torch.float32)


def main():
    net = ShiftedLinear(X.shape[1])
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        net.shift = X[model.current_round % len(X)]
        for _ in range(3):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(X).squeeze(-1), Y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
