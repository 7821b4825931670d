"""Client API logistic regression with class-balancing sample weights (twin of sel42_loss_weight_keyword).

The loss's `weight=` gives the positive class three times the weight of the negative one: every row keeps its
term, so the update is an average gradient over the site's rows.
"""

import pandas as pd
import torch

import nvflare.client as flare


def main():
    df = pd.read_csv("/data/site/train.csv")
    y = torch.tensor(df["label"].to_numpy(), dtype=torch.float32)
    x = torch.tensor(df.drop(columns=["label", "patient_id"]).to_numpy(), dtype=torch.float32)
    net = torch.nn.Linear(x.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        emphasis = torch.where(y == 1, 3.0, 1.0)
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(-1), y, weight=emphasis)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
