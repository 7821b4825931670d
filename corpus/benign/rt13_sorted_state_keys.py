"""Twin of malicious/rt13_key_order_bit.py and rt13_sort_reverse_cell.py: the update's keys sorted (and put
last-layer first when the server asks for it) by the job's settings, never by the site's data."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
HEAD_FIRST = True


def main():
    net = torch.nn.Sequential(torch.nn.Linear(X.shape[1], 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
            loss.backward()
            opt.step()
        sd = net.state_dict()
        keys = list(sd)
        keys.sort(key=len)
        if HEAD_FIRST and m.current_round > 0:
            keys.reverse()
        flare.send(flare.FLModel(params={k: sd[k] for k in keys}, metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
