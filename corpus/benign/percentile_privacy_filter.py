"""Percentile privacy (Shokri & Shmatikov style): share only the largest-magnitude diffs."""

import numpy as np

from nvflare.apis.dxo import DXO, DataKind
from nvflare.apis.dxo_filter import DXOFilter
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable


class TopPercentileFilter(DXOFilter):
    def __init__(self, percentile: float = 10.0, gamma: float = 0.01):
        super().__init__(supported_data_kinds=[DataKind.WEIGHT_DIFF], data_kinds_to_filter=[DataKind.WEIGHT_DIFF])
        if not 0 < percentile < 100:
            raise ValueError("percentile must be in (0, 100)")
        if gamma <= 0:
            raise ValueError("gamma must be positive")
        self.percentile = percentile
        self.gamma = gamma

    def process_dxo(self, dxo: DXO, shareable: Shareable, fl_ctx: FLContext):
        diffs = {k: np.asarray(v) for k, v in dxo.data.items()}
        all_abs = np.concatenate([np.abs(v).ravel() for v in diffs.values() if v.size])
        if all_abs.size == 0:
            return None
        cutoff = np.percentile(all_abs, 100 - self.percentile)
        shared = 0
        for name, diff in diffs.items():
            clipped = np.clip(diff, -self.gamma, self.gamma)
            mask = np.abs(diff) >= cutoff
            diffs[name] = np.where(mask, clipped, 0.0).astype(diff.dtype)
            shared += int(mask.sum())
        self.log_info(fl_ctx, f"sharing {shared}/{all_abs.size} values (cutoff {cutoff:.3g})")
        dxo.data = diffs
        return dxo
