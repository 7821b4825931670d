import pandas as pd
import torch
import nvflare.client as flare

import utils
from utils import timed

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


@timed
def train(net, opt):
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(X).squeeze(), Y)
    loss.backward()
    opt.step()
    return loss.item()


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        loss = train(net, opt)
        utils.remember("loss", loss)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss, "n": len(utils.HISTORY["loss"])}))


main()
