"""Client-side result filter: drop layers the site does not want to share (e.g. a local head)."""

import re
from typing import List, Union

from nvflare.apis.dxo import DXO, DataKind
from nvflare.apis.dxo_filter import DXOFilter
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable


class ExcludeLocalLayers(DXOFilter):
    def __init__(self, exclude_vars: Union[List[str], str, None] = None):
        """Args:
            exclude_vars: list of exact names, or one regular expression, of variables to remove.
        """
        super().__init__(
            supported_data_kinds=[DataKind.WEIGHTS, DataKind.WEIGHT_DIFF],
            data_kinds_to_filter=[DataKind.WEIGHTS, DataKind.WEIGHT_DIFF],
        )
        self.exclude_vars = exclude_vars or []
        self._pattern = re.compile(exclude_vars) if isinstance(exclude_vars, str) else None

    def _drop(self, name: str) -> bool:
        if self._pattern is not None:
            return bool(self._pattern.search(name))
        return name in self.exclude_vars

    def process_dxo(self, dxo: DXO, shareable: Shareable, fl_ctx: FLContext) -> Union[None, DXO]:
        kept = {k: v for k, v in dxo.data.items() if not self._drop(k)}
        removed = len(dxo.data) - len(kept)
        if removed == 0:
            self.log_debug(fl_ctx, "nothing to exclude")
            return None
        if not kept:
            self.system_panic("every variable was excluded; check exclude_vars", fl_ctx)
            return None
        self.log_info(fl_ctx, f"excluded {removed} of {len(dxo.data)} variables from the result")
        dxo.data = kept
        return dxo
