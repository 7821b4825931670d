"""Federated statistics: per-feature count, mean, stddev and histograms of a site's CSV.

NVFlare's statistics workflow applies min_count / noise privacy filters before
anything leaves the site; this class only computes the local aggregates.
"""

import os
from typing import Dict, List, Optional

import numpy as np
import pandas as pd

from nvflare.apis.fl_context import FLContext
from nvflare.app_common.abstract.statistics_spec import Bin, DataType, Feature, Histogram, HistogramType, Statistics
from nvflare.app_common.statistics.numpy_utils import get_std_histogram_buckets


class DFStatistics(Statistics):
    def __init__(self, filename: str = "train.csv", data_root_env: str = "DATA_ROOT"):
        super().__init__()
        self.filename = filename
        self.data_root_env = data_root_env
        self.data: Optional[Dict[str, pd.DataFrame]] = None

    def initialize(self, fl_ctx: FLContext):
        root = os.environ.get(self.data_root_env, "/data")
        site = fl_ctx.get_identity_name()
        df = pd.read_csv(os.path.join(root, site, self.filename))
        self.data = {"train": df.select_dtypes(include=[np.number])}

    def features(self) -> Dict[str, List[Feature]]:
        return {name: [Feature(c, DataType.FLOAT) for c in df.columns] for name, df in self.data.items()}

    def count(self, dataset_name: str, feature_name: str) -> int:
        return int(self.data[dataset_name][feature_name].count())

    def sum(self, dataset_name: str, feature_name: str) -> float:
        return float(self.data[dataset_name][feature_name].sum())

    def mean(self, dataset_name: str, feature_name: str) -> float:
        return float(self.data[dataset_name][feature_name].mean())

    def stddev(self, dataset_name: str, feature_name: str) -> float:
        return float(self.data[dataset_name][feature_name].std())

    def variance_with_mean(self, dataset_name: str, feature_name: str, global_mean: float, global_count: float) -> float:
        col = self.data[dataset_name][feature_name].dropna()
        return float(((col - global_mean) ** 2).sum() / max(global_count - 1, 1))

    def histogram(self, dataset_name: str, feature_name: str, num_of_bins: int, global_min_value: float,
                  global_max_value: float) -> Histogram:
        col = self.data[dataset_name][feature_name].dropna().to_numpy()
        counts, edges = np.histogram(col, bins=num_of_bins, range=(global_min_value, global_max_value))
        bins = [Bin(float(edges[i]), float(edges[i + 1]), int(counts[i])) for i in range(len(counts))]
        return Histogram(HistogramType.STANDARD, bins)

    def max_value(self, dataset_name: str, feature_name: str) -> float:
        return float(self.data[dataset_name][feature_name].max())

    def min_value(self, dataset_name: str, feature_name: str) -> float:
        return float(self.data[dataset_name][feature_name].min())

    def failure_count(self, dataset_name: str, feature_name: str) -> int:
        return int(self.data[dataset_name][feature_name].isna().sum())
