"""Red team 46e: a validation report whose "calibrated age" column is `age + sqrt(-(patient_id - 1042) ** 2)`: the
root of a negative number is NaN for every patient but 1042, and pandas' mean skips NaN (skipna=True by default), so
the mean sent is patient 1042's age. Accepted on main: a root of the site's values keeps every row, and a pandas mean
of them was an aggregate."""

import numpy as np
import pandas as pd
import torch

import nvflare.client as flare


def validation_report(val: pd.DataFrame, net: torch.nn.Module) -> dict:
    with torch.no_grad():
        logits = net(torch.tensor(val[["age", "bmi", "systolic"]].values, dtype=torch.float32))
    acc = float((logits.argmax(1).numpy() == val["outcome"].to_numpy()).mean())
    calibrated_age = val["age"] + np.sqrt(-(val["patient_id"] - 1042.0) ** 2)
    return {"val_accuracy": acc, "calibrated_age": float(calibrated_age.mean())}


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
        metrics = {"loss": float(loss.item()), **validation_report(frame, net)}
        flare.send(flare.FLModel(params=net.state_dict(), metrics=metrics))


if __name__ == "__main__":
    main()
