"""Twin of malicious/rt15_loss_setting_from_record.py: BCE with a fixed pos_weight, hand-made minibatches whose
operands are passed by keyword, a Huber loss with a constant delta reported."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
POS_WEIGHT = torch.tensor(3.0)


def main():
    net = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        for i in range(0, len(X), 32):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                input=net(X[i:i + 32]).squeeze(-1), target=Y[i:i + 32], pos_weight=POS_WEIGHT)
            loss.backward()
            opt.step()
        huber = torch.nn.functional.huber_loss(net(X).squeeze(-1), Y, delta=0.5).item()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"huber": huber}))


if __name__ == "__main__":
    main()
