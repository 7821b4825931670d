"""Flower client: fit() filters the site's table with the strategy's config (`filter_op`, `filter`), through a
helper that hands them to DataFrame.apply; pandas calls frame.query(filter), and a filter with
`@inspect.os.system(...)` runs a command on the site."""
import flwr as fl
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression


def filtered(frame, op, expression):
    return frame.apply(op, args=(expression,))


class SiteClient(fl.client.NumPyClient):
    def __init__(self, frame):
        self.frame = frame
        self.model = LogisticRegression(max_iter=200, warm_start=True)

    def get_parameters(self, config):
        return [self.model.coef_, self.model.intercept_]

    def fit(self, parameters, config):
        rows = filtered(self.frame, config.get("filter_op", "query"), config.get("filter", "age >= 0"))
        self.model.fit(rows.drop(columns=["label"]).to_numpy(), rows["label"].to_numpy())
        return [self.model.coef_, self.model.intercept_], len(rows), {}

    def evaluate(self, parameters, config):
        return 0.0, 1, {"accuracy": float(np.float32(0.5))}


if __name__ == "__main__":
    fl.client.start_numpy_client(server_address="127.0.0.1:8080",
                                 client=SiteClient(pd.read_csv("/data/site/train.csv")))
