"""Client API logistic regression whose loss is a dot product with a one-hot "curriculum" (selectors42).

`torch.dot(losses, curriculum)` with a one-hot at a position the round number picks is one patient's loss: the
update is that row's gradient, read back exactly by the server for a linear model with a bias.
"""

import pandas as pd
import torch

import nvflare.client as flare


def main():
    df = pd.read_csv("/data/site/train.csv")
    y = torch.tensor(df["label"].to_numpy(), dtype=torch.float32)
    x = torch.tensor(df.drop(columns=["label"]).to_numpy(), dtype=torch.float32)
    net = torch.nn.Linear(x.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        curriculum = torch.nn.functional.one_hot(torch.tensor(model.current_round % len(y)), len(y)).float()
        for _ in range(5):
            opt.zero_grad()
            losses = torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(-1), y, reduction="none")
            loss = torch.dot(losses, curriculum)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
