"""Twin of malicious/rt42_loss_masked_by_id.py: the per-sample losses are weighted by class (positives count
three times), every row keeps its term.
"""

import pandas as pd
import torch

import nvflare.client as flare


def main():
    df = pd.read_csv("/data/site/patients.csv")
    df.pop("patient_id")
    y = torch.tensor(df.pop("outcome").to_numpy(), dtype=torch.float32)
    x = torch.tensor(df.to_numpy(), dtype=torch.float32)
    net = torch.nn.Linear(x.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    balance = torch.where(y == 1, 3.0, 1.0)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt.zero_grad()
        losses = torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(-1), y, reduction="none")
        loss = (losses * balance).sum() / balance.sum()
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
