"""Loads the site's tabular split into XGBoost matrices (label in the first column)."""

import pandas as pd
import xgboost as xgb

from nvflare.app_opt.xgboost.data_loader import XGBDataLoader


class CSVDataLoader(XGBDataLoader):
    def __init__(self, train_path: str, valid_path: str):
        self.train_path = train_path
        self.valid_path = valid_path

    def load_data(self):
        train = pd.read_csv(self.train_path, header=None)
        valid = pd.read_csv(self.valid_path, header=None)
        dtrain = xgb.DMatrix(train.iloc[:, 1:], label=train.iloc[:, 0])
        dvalid = xgb.DMatrix(valid.iloc[:, 1:], label=valid.iloc[:, 0])
        return dtrain, dvalid
