"""Twin of malicious/rt13_not_cell_flag.py: `not` of the table taken whole (empty or not) and of the round."""
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
        if not m.params:
            continue
        healthy = not df.empty and not (m.current_round > 100)
        flare.send(flare.FLModel(params=net.state_dict(), meta={"healthy": healthy}))


if __name__ == "__main__":
    main()
