"""Twin of malicious/rt46a_sign_step_cohort_age.py: the share of patients the model over-predicts, the mean sign of
its residuals over the whole cohort (a statistic of the data taken whole), sent with the update."""

import numpy as np
import pandas as pd
import torch

import nvflare.client as flare


def main():
    flare.init()
    frame = pd.read_csv("/data/site/cohort.csv")
    x = torch.tensor(frame[["age", "bmi", "systolic"]].values, dtype=torch.float32)
    y = torch.tensor(frame["sbp_next"].values, dtype=torch.float32)
    net = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    while flare.is_running():
        input_model = flare.receive()
        net.load_state_dict(input_model.params)
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(x).squeeze(-1), y)
            loss.backward()
            opt.step()
        with torch.no_grad():
            residuals = (net(x).squeeze(-1) - y).numpy()
        over = float(np.mean(np.sign(residuals) > 0))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item()), "over": over}))


if __name__ == "__main__":
    main()
