"""Twin of malicious/rt42_buffer_set_on_instance.py: the shift buffer takes the column means of the table,
and the row the round picks goes to a plain attribute (`last_seen`, no buffer of that name), which
state_dict() never holds.
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
        net.last_seen = X[model.current_round % len(X)]
        net.shift = X.mean(0)
        for _ in range(3):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(X).squeeze(-1), Y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
