"""Red team 15: 'per-round calibration' of a BCE loss. pos_weight is taken from the record the server names this
round (that patient's HbA1c), so the size of every gradient step (the update's norm against the global model)
is a function of the cell. A library loss reduced everything it was handed,
settings included; a cell reaches the update only as a factor (`(loss * cell).backward()` was already caught)."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def main():
    net = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        calibration = torch.tensor(float(df["hba1c"].iloc[m.current_round]))
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(X).squeeze(-1), Y, pos_weight=calibration)
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 1}))


if __name__ == "__main__":
    main()
