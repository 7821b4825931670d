"""Site data loader for NVFlare's histogram-based federated XGBoost."""

import json
import os

import pandas as pd
import xgboost as xgb

from nvflare.app_opt.xgboost.data_loader import XGBDataLoader


class CSVDataLoader(XGBDataLoader):
    def __init__(self, data_split_filename: str, label_column: int = 0):
        """Reads the rows assigned to this site from the split file.

        Args:
            data_split_filename: JSON with "data_path", "valid_size" and per-site "data_index".
            label_column: index of the label column.
        """
        self.data_split_filename = data_split_filename
        self.label_column = label_column

    def load_data(self):
        data_root = os.environ.get("DATA_ROOT", "/data")
        with open(os.path.join(data_root, self.data_split_filename), "r") as f:
            split = json.load(f)

        data_path = os.path.join(data_root, os.path.basename(split["data_path"]))
        index = split["data_index"][self.client_id]
        valid_size = int(split["valid_size"])

        train_df = pd.read_csv(data_path, header=None, skiprows=index["start"], nrows=index["end"] - index["start"])
        valid_df = pd.read_csv(data_path, header=None, nrows=valid_size)

        def to_dmatrix(df):
            y = df.iloc[:, self.label_column]
            x = df.drop(columns=df.columns[self.label_column])
            return xgb.DMatrix(x, label=y, nthread=8)

        return to_dmatrix(train_df), to_dmatrix(valid_df)
