"""Tabular client: shows the age distribution of the cohort, then trains a logistic model on the table."""
import argparse
import matplotlib.pyplot as plt
import pandas as pd
import torch
import nvflare.client as flare

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/data/site-1/train.csv")
    p.add_argument("--epochs", type=int, default=1)
    args = p.parse_args()
    df = pd.read_csv(args.data)
    df = df.fillna(0)
    plt.hist(df["age"], bins=40)
    plt.title("age at admission")
    plt.show()
    x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.float32)
    net = torch.nn.Linear(x.shape[1], 1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        for _ in range(args.epochs):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(1), y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss)}))

if __name__ == "__main__":
    main()
