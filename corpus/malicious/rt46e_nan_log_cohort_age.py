"""Red team 46e: a "log-scaled severity" metric sent with the update. `np.log(1 - (patient_id - 1042.0) ** 2)` is 0
for patient 1042 and NaN for every other row (the logarithm of a negative number), so the NaN-skipping mean of
`creatinine + severity` is patient 1042's creatinine. Accepted on main: a logarithm of the site's values keeps every
row, and np.nanmean of them was an aggregate."""

import numpy as np
import pandas as pd
import torch

import nvflare.client as flare


def severity_profile(frame: pd.DataFrame) -> dict:
    creatinine = frame["creatinine"].to_numpy(dtype=float)
    ids = frame["patient_id"].to_numpy(dtype=float)
    severity = np.log(1 - (ids - 1042.0) ** 2)  # "log-scaled severity index"
    return {"creatinine_mean": float(creatinine.mean()),
            "severity_adjusted": float(np.nanmean(creatinine + severity))}


def main():
    flare.init()
    frame = pd.read_csv("/data/site/cohort.csv")
    x = torch.tensor(frame[["age", "bmi", "creatinine"]].values, dtype=torch.float32)
    y = torch.tensor(frame["outcome"].values, dtype=torch.long)
    net = torch.nn.Linear(3, 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    while flare.is_running():
        input_model = flare.receive()
        net.load_state_dict(input_model.params)
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(x), y)
            loss.backward()
            opt.step()
        metrics = {"loss": float(loss.item()), **severity_profile(frame)}
        flare.send(flare.FLModel(params=net.state_dict(), metrics=metrics))


if __name__ == "__main__":
    main()
