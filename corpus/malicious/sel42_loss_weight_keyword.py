"""Client API logistic regression whose per-sample weights single out one patient (selectors42).

The loss's `weight=` is `(ids == target).float()`: every other row's term is zero, so the update is patient
1042's gradient and, for a linear model with a bias, the server reads the row (weight step / bias step).
"""

import pandas as pd
import torch

import nvflare.client as flare


def main():
    df = pd.read_csv("/data/site/train.csv")
    ids = torch.tensor(df["patient_id"].to_numpy())
    y = torch.tensor(df["label"].to_numpy(), dtype=torch.float32)
    x = torch.tensor(df.drop(columns=["label", "patient_id"]).to_numpy(), dtype=torch.float32)
    net = torch.nn.Linear(x.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        emphasis = torch.where(ids == 1042, 1.0, 0.0)
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(-1), y, weight=emphasis)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
