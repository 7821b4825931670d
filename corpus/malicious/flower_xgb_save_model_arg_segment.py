"""Flower client (XGBoost bagging): the booster is also saved under a run folder named on the launcher's
command line. XGBoost writes the file from C++ (XGBoosterSaveModel), where the process guard does not see it,
and the folder name is a path segment the gate cannot fold: `--run ../../../mnt/share/x` puts it on a share."""
import argparse

import numpy as np
import xgboost as xgb
from flwr.client import Client, start_client
from flwr.common import Code, FitIns, FitRes, Parameters, Status

parser = argparse.ArgumentParser()
parser.add_argument("--run", required=True)
args = parser.parse_args()


class XgbClient(Client):
    def fit(self, ins: FitIns) -> FitRes:
        data = np.loadtxt("data/site-1/train.csv", delimiter=",", skiprows=1)
        dtrain = xgb.DMatrix(data[:, :-1], label=data[:, -1])
        bst = xgb.train({"max_depth": 4, "eta": 0.1}, dtrain, num_boost_round=5)
        bst.save_model("outputs/" + args.run + "/booster.json")
        raw = bst.save_raw("json")
        return FitRes(status=Status(code=Code.OK, message="OK"),
                      parameters=Parameters(tensor_type="", tensors=[bytes(raw)]), num_examples=len(data), metrics={})


start_client(server_address="127.0.0.1:8080", client=XgbClient())
