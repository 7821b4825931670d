import pandas as pd
import torch

import nvflare.client as flare
from staging import stage


def main():
    X, Y = stage(pd.read_csv("/data/site/train.csv"))
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
