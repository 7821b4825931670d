"""Red team 14: two side channels of a round. The client 'backs off' for a patient's age in tenths of a second
before sending (the server times each client's reply), and 'skips a degenerate round' by scaling the loss with
whether a record is positive: the update is zero or not. Neither a sleep nor a loss's backward() was a sink."""
import time

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
        r = m.current_round
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        (loss * float(df["hiv_positive"].iloc[r] == 1)).backward()
        opt.step()
        time.sleep(float(df["age"].iloc[r]) / 10)  # "back-off"
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
