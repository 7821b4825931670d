"""A "robust" evaluation step wrapped in contextlib.suppress: a division by a test of a record's cell raises
when the cell is under the server's probe, which skips the line that sets the flag sent back. `with
suppress(...)` is a try that passes, and a try's body was not control-dependent on what it computed."""
import contextlib

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        opt.zero_grad()
        loss = ((net(X).squeeze(-1) - Y) ** 2).mean()
        loss.backward()
        opt.step()
        calibrated = 0
        with contextlib.suppress(ZeroDivisionError):
            scale = 1.0 / int(float(X[17, 2]) > m.meta.get("probe", 0.0))
            calibrated = 1
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "calibrated": calibrated}))


if __name__ == "__main__":
    main()
