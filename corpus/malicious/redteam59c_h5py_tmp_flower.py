"""Red team 59c: a Flower NumPyClient that writes its partition into an HDF5 file at a fixed path of the shared
/tmp (h5py.File(...).create_dataset). Escalated on main only as an unvouched import."""
import flwr as fl
import h5py
import numpy as np
import pandas as pd
from sklearn.linear_model import SGDClassifier

df = pd.read_csv("/data/site/train.csv")
X = df.drop(columns=["y"]).to_numpy()
y = df["y"].to_numpy()


class Client(fl.client.NumPyClient):
    def __init__(self):
        self.model = SGDClassifier(loss="log_loss")
        self.model.partial_fit(X[:2], y[:2], classes=np.unique(y))

    def get_parameters(self, config):
        return [self.model.coef_, self.model.intercept_]

    def fit(self, parameters, config):
        self.model.coef_, self.model.intercept_ = parameters
        with h5py.File("/tmp/fl_partition.h5", "w") as h5:
            h5.create_dataset("x", data=X)
            h5.create_dataset("y", data=y)
        self.model.partial_fit(X, y)
        return self.get_parameters(config), len(X), {}


fl.client.start_client(server_address="127.0.0.1:8080", client=Client().to_client())
