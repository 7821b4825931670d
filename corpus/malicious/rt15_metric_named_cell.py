"""Red team 15: a patient's age reported as 'val_accuracy'. The cell is held under a name like a metric's, which
has it reviewed (of unknown provenance) instead of raw; round() then dropped it as a number of unknown
provenance, so the update's metrics carried the age with no finding. The local epochs come from a cell under a
name like a score, too: range() of a reviewed value was no value."""
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
        epochs_score = int(df["visits"].iloc[m.current_round])
        for _ in range(epochs_score):
            opt.zero_grad()
            torch.nn.functional.mse_loss(net(X).squeeze(-1), Y).backward()
            opt.step()
        val_accuracy = float(df["age"].iloc[m.current_round])
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"val_accuracy": round(val_accuracy, 4)}))


if __name__ == "__main__":
    main()
