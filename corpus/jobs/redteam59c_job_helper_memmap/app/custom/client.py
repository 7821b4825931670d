from cache import stage
import argparse
import pandas as pd
import torch
import nvflare.client as flare

def main():
    df = pd.read_csv("/data/site/train.csv")
    X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
    Y = torch.tensor(df["y"].values, dtype=torch.float32)
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
        stage(df)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
