"""Federated statistics over the site's table (NVFlare DFStatisticsCore): missing values are left out of count and mean."""

from typing import Optional

import numpy as np
import pandas as pd

from nvflare.apis.fl_context import FLContext
from nvflare.app_opt.statistics.df.df_core_statistics import DFStatisticsCore


class SiteStatistics(DFStatisticsCore):
    def __init__(self, filename, data_root_dir="/data/site"):
        super().__init__()
        self.data_root_dir = data_root_dir
        self.filename = filename
        self.data: Optional[dict[str, pd.DataFrame]] = None

    def initialize(self, fl_ctx: FLContext):
        self.data = {"train": pd.read_csv(f"{self.data_root_dir}/{self.filename}")}

    def count(self, dataset_name: str, feature_name: str) -> int:
        return int(self.data[dataset_name][feature_name].dropna().count())

    def mean(self, dataset_name: str, feature_name: str) -> float:
        return float(np.nanmean(self.data[dataset_name][feature_name].to_numpy(np.float64)))
