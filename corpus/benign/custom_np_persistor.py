"""Server-side persistor for a dict of NumPy arrays stored as a single .npz in the run directory."""

import os

import numpy as np

from nvflare.apis.fl_context import FLContext
from nvflare.app_common.abstract.model import ModelLearnable, make_model_learnable
from nvflare.app_common.abstract.model_persistor import ModelPersistor


class NPZPersistor(ModelPersistor):
    def __init__(self, model_file: str = "global_model.npz", init_shapes: dict = None, seed: int = 0):
        super().__init__()
        self.model_file = model_file
        self.init_shapes = init_shapes or {"w": [10], "b": [1]}
        self.seed = seed

    def _path(self, fl_ctx: FLContext) -> str:
        run_dir = fl_ctx.get_engine().get_workspace().get_app_dir(fl_ctx.get_job_id())
        return os.path.join(run_dir, self.model_file)

    def load_model(self, fl_ctx: FLContext) -> ModelLearnable:
        path = self._path(fl_ctx)
        if os.path.exists(path):
            with np.load(path, allow_pickle=False) as npz:
                weights = {k: npz[k] for k in npz.files}
            self.log_info(fl_ctx, f"loaded global model from {path}")
        else:
            rng = np.random.default_rng(self.seed)
            weights = {k: rng.normal(0, 0.01, size=tuple(s)) for k, s in self.init_shapes.items()}
            self.log_info(fl_ctx, "initialised a new global model")
        return make_model_learnable(weights, {})

    def save_model(self, model: ModelLearnable, fl_ctx: FLContext):
        path = self._path(fl_ctx)
        weights = model["weights"]
        tmp = path + ".tmp.npz"
        np.savez(tmp, **{k: np.asarray(v) for k, v in weights.items()})
        os.replace(tmp, path)
        self.log_info(fl_ctx, f"saved global model ({len(weights)} arrays) to {path}")
