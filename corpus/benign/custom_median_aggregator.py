"""Server-side coordinate-wise median aggregator (robust to a few outlier clients)."""

from typing import Dict, List

import numpy as np

from nvflare.apis.dxo import DXO, DataKind, MetaKey, from_shareable
from nvflare.apis.fl_constant import ReservedKey
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable
from nvflare.app_common.abstract.aggregator import Aggregator
from nvflare.app_common.app_constant import AppConstants


class MedianAggregator(Aggregator):
    def __init__(self, expected_data_kind: str = DataKind.WEIGHT_DIFF, min_contributions: int = 2):
        super().__init__()
        self.expected_data_kind = expected_data_kind
        self.min_contributions = min_contributions
        self._updates: Dict[str, Dict[str, np.ndarray]] = {}
        self._steps: List[int] = []

    def accept(self, shareable: Shareable, fl_ctx: FLContext) -> bool:
        try:
            dxo = from_shareable(shareable)
        except ValueError:
            self.log_error(fl_ctx, "contribution is not a DXO")
            return False
        if dxo.data_kind != self.expected_data_kind:
            self.log_warning(fl_ctx, f"ignoring {dxo.data_kind}, expected {self.expected_data_kind}")
            return False
        contributor = shareable.get_peer_prop(key=ReservedKey.IDENTITY_NAME, default="?")
        contrib_round = shareable.get_cookie(AppConstants.CONTRIBUTION_ROUND)
        current_round = fl_ctx.get_prop(AppConstants.CURRENT_ROUND)
        if contrib_round != current_round:
            self.log_warning(fl_ctx, f"{contributor}: stale round {contrib_round} (current {current_round})")
            return False
        if contributor in self._updates:
            self.log_warning(fl_ctx, f"{contributor}: duplicate contribution ignored")
            return False
        self._updates[contributor] = {k: np.asarray(v) for k, v in dxo.data.items()}
        self._steps.append(int(dxo.get_meta_prop(MetaKey.NUM_STEPS_CURRENT_ROUND, 1)))
        return True

    def aggregate(self, fl_ctx: FLContext) -> Shareable:
        if len(self._updates) < self.min_contributions:
            self.log_warning(fl_ctx, f"only {len(self._updates)} contributions")
        names = next(iter(self._updates.values())).keys()
        result = {}
        for name in names:
            stacked = np.stack([u[name] for u in self._updates.values()], axis=0)
            result[name] = np.median(stacked, axis=0)
        self.log_info(fl_ctx, f"median of {len(self._updates)} updates, median steps {np.median(self._steps)}")
        self._updates.clear()
        self._steps.clear()
        return DXO(data_kind=self.expected_data_kind, data=result).to_shareable()
