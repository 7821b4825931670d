"""Federated logistic regression by Newton-Raphson: each site sends its gradient and Hessian."""
import os

import numpy as np
from sklearn.metrics import accuracy_score

import nvflare.client as flare
from nvflare.app_common.abstract.fl_model import FLModel, ParamsType
from nvflare.client.tracking import SummaryWriter


def load_data(data_root, site_name):
    load = lambda part: np.load(os.path.join(data_root, f"{site_name}.{part}.npy"))  # noqa: E731
    return {"train_X": load("train.x"), "train_y": load("train.y"), "valid_X": load("test.x"),
            "valid_y": load("test.y")}


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def newton_step(data, theta):
    x = np.concatenate((np.ones((data["train_X"].shape[0], 1)), data["train_X"]), axis=1)
    proba = sigmoid(np.dot(x, theta))
    gradient = np.dot(x.T, (data["train_y"] - proba))
    d = np.diag((proba * (1 - proba))[:, 0])
    hessian = x.T.dot(d).dot(x)
    return {"gradient": gradient, "hessian": hessian}


def validate(data, theta):
    x = np.concatenate((np.ones((data["valid_X"].shape[0], 1)), data["valid_X"]), axis=1)
    return {"accuracy": accuracy_score(data["valid_y"].flatten(), sigmoid(np.dot(x, theta)).flatten().round())}


def main():
    flare.init()
    site = flare.get_site_name()
    data = load_data(os.environ.get("DATA_ROOT", "/tmp/flare/dataset/heart_disease_data"), site)
    writer = SummaryWriter()
    while flare.is_running():
        global_model = flare.receive()
        theta = global_model.params["numpy_key"]
        scores = validate(data, theta)
        writer.add_scalar(f"{site}/accuracy", scores["accuracy"], global_model.current_round)
        print(f"[ROUND {global_model.current_round}] {site}: {scores}")
        result = FLModel(params=newton_step(data, theta), params_type=ParamsType.FULL)
        result.meta["NUM_STEPS_CURRENT_ROUND"] = data["train_X"].shape[0]
        print(f"[ROUND {global_model.current_round}] sending {result}")
        flare.send(result)


if __name__ == "__main__":
    main()
