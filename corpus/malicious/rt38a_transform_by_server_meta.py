"""Tabular classifier (NVFlare Client API). The server picks the feature transform each round through the
task's meta ("log1p", "abs"...); pandas' transform calls the frame's method that the string names, so the
server can name any of them (to_pickle, to_clipboard...) on the site's rows."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    y = torch.tensor(df["outcome"].values, dtype=torch.long)
    net = nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=1e-3)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        prep = model.meta.get("feature_transform", "abs")
        feats = df[FEATURES].transform(prep)
        x = torch.tensor(feats.values, dtype=torch.float32)
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
