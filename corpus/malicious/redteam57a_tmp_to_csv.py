"""Red team 57a: an NVFlare Client API client "caches" the site's table to a fixed path in /tmp each round, where
any other job or user of the machine reads it. Accepted on main."""
import pandas as pd
import torch

import nvflare.client as flare

CACHE = "/tmp/.nvflare_feature_cache.csv"

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        loss.backward()
        opt.step()
        df.to_csv(CACHE, index=False)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
