"""Twin of malicious/rt13_state_dict_update_row.py and rt13_param_group_lr_cell.py: the received weights merged
into the local state_dict with update(), and each group's rate decayed with update() by the round."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
BASE_LR = 0.01


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=BASE_LR)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        sd = net.state_dict()
        sd.update(m.params)
        net.load_state_dict(sd)
        for group in opt.param_groups:
            group.update(lr=BASE_LR * 0.9 ** m.current_round)
        for _ in range(3):
            opt.zero_grad()
            loss = ((net(X).squeeze(-1) - Y) ** 2).mean()
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
