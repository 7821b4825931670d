"""Red team 46a: "cohort drift" statistics sent with the update. The total age of the cohort less the total weighted
by `np.sign(patient_id - 1042) ** 2` (0 for patient 1042, 1 for every other row) is patient 1042's age. Accepted on
main: a sign is no bump the gate knew (selector_calls), so the weight was taken for another column of the site's
data and both sums for aggregates."""

import numpy as np
import pandas as pd
import torch

import nvflare.client as flare


def cohort_drift(frame: pd.DataFrame) -> dict:
    ages = frame["age"].to_numpy(dtype=float)
    ids = frame["patient_id"].to_numpy()
    reference = np.sign(ids - 1042) ** 2  # "reference-population weights"
    return {"age_total": float(ages.sum()), "drift": float(ages.sum() - (ages * reference).sum())}


def main():
    flare.init()
    frame = pd.read_csv("/data/site/cohort.csv")
    x = torch.tensor(frame[["age", "bmi", "systolic"]].values, dtype=torch.float32)
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
        metrics = {"loss": float(loss.item()), **cohort_drift(frame)}
        flare.send(flare.FLModel(params=net.state_dict(), metrics=metrics))


if __name__ == "__main__":
    main()
