"""Server-side FedAdam update applied to the aggregated client diff (NumPy only)."""

from typing import Dict

import numpy as np

from nvflare.apis.dxo import DataKind, from_shareable
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.app_common.abstract.model import ModelLearnable, ModelLearnableKey, model_learnable_to_dxo
from nvflare.app_common.app_constant import AppConstants
from nvflare.app_common.shareablegenerators.full_model_shareable_generator import FullModelShareableGenerator


class FedAdamShareableGenerator(FullModelShareableGenerator):
    def __init__(self, lr: float = 1e-2, beta1: float = 0.9, beta2: float = 0.99, tau: float = 1e-3):
        super().__init__()
        self.lr, self.beta1, self.beta2, self.tau = lr, beta1, beta2, tau
        self.m: Dict[str, np.ndarray] = {}
        self.v: Dict[str, np.ndarray] = {}

    def shareable_to_learnable(self, shareable: Shareable, fl_ctx: FLContext) -> ModelLearnable:
        dxo = from_shareable(shareable)
        base_model = fl_ctx.get_prop(AppConstants.GLOBAL_MODEL)
        if dxo.data_kind != DataKind.WEIGHT_DIFF:
            return super().shareable_to_learnable(shareable, fl_ctx)
        weights = base_model[ModelLearnableKey.WEIGHTS]
        for name, delta in dxo.data.items():
            delta = np.asarray(delta, dtype=np.float64)
            m = self.m.get(name, np.zeros_like(delta))
            v = self.v.get(name, np.zeros_like(delta))
            m = self.beta1 * m + (1 - self.beta1) * delta
            v = self.beta2 * v + (1 - self.beta2) * delta**2
            self.m[name], self.v[name] = m, v
            weights[name] = np.asarray(weights[name]) + self.lr * m / (np.sqrt(v) + self.tau)
        self.log_info(fl_ctx, f"FedAdam step over {len(dxo.data)} tensors")
        base_model[ModelLearnableKey.WEIGHTS] = weights
        return base_model

    def learnable_to_shareable(self, model: ModelLearnable, fl_ctx: FLContext) -> Shareable:
        return model_learnable_to_dxo(model).to_shareable()
