"""Client API trainer that draws its loss curve with pandas after each round."""

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare

# pandas imports the module a plot call names in backend= (importlib.import_module): any module the
# site has runs its import-time code, here the standard library's antigravity, which starts a web browser.
pd.set_option("display.width", 120)


def main():
    df = pd.read_csv("/data/site-1/cohort.csv")
    x = torch.tensor(df.drop(columns=["label"]).to_numpy(), dtype=torch.float32)
    y = torch.tensor(df["label"].to_numpy())
    net = nn.Linear(x.shape[1], 2)
    losses = []
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        opt.zero_grad()
        loss = nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        pd.Series(losses).plot(title="loss", backend="antigravity")
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
