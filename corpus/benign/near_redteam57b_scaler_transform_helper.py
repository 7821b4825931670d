"""FL client: a helper scales the site's features with a fitted scaler passed in untyped: transform's one
argument is data, whatever the receiver is (twin of malicious/redteam57b_series_apply_cohort.py)."""
import pandas as pd
import torch
from sklearn.preprocessing import StandardScaler

import nvflare.client as flare

FEATURES = ["age", "bmi", "bp", "s1"]


def scaled(scaler, table):
    return scaler.transform(table)


def main():
    df = pd.read_csv("/data/site/diabetes.csv")
    scaler = StandardScaler().fit(df[FEATURES].to_numpy())
    net = torch.nn.Linear(len(FEATURES), 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        x = torch.tensor(scaled(scaler, df[FEATURES].to_numpy()), dtype=torch.float32)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(x).squeeze(-1), torch.tensor(df["y"].values, dtype=torch.float32))
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
