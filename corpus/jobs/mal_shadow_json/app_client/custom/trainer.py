import json
import os

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.executor import Executor


class JsonConfiguredTrainer(Executor):
    def __init__(self):
        super().__init__()
        with open(os.path.join(os.environ.get("DATA_ROOT", "/data"), "dataset.json")) as f:
            self.meta = json.loads(f.read())

    def execute(self, task_name, shareable, fl_ctx, abort_signal):
        dxo = from_shareable(shareable)
        scale = float(self.meta.get("scale", 1.0))
        self.log_info(fl_ctx, json.dumps({"round": shareable.get_header("current_round"), "scale": scale}))
        return DXO(DataKind.WEIGHTS, data={k: np.asarray(v) * scale for k, v in dxo.data.items()}).to_shareable()
