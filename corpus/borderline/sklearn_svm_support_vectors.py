"""Two-round federated SVM: round 0 trains a local SVC and returns its support vectors;
round 1 evaluates the global SVC built by the server from all sites' support vectors."""

import os

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.svm import SVC

import nvflare.client as flare


def load_range(path, start, end):
    arr = np.loadtxt(path, delimiter=",", skiprows=start, max_rows=end - start)
    return arr[:, 1:], arr[:, 0]


def main():
    data_root = os.environ.get("DATA_ROOT", "/data")
    csv_path = os.path.join(data_root, "cancer.csv")
    train_start = int(os.environ.get("TRAIN_START", "0"))
    train_end = int(os.environ.get("TRAIN_END", "400"))
    x_train, y_train = load_range(csv_path, train_start, train_end)
    x_val, y_val = load_range(csv_path, 400, 569)

    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        rnd = in_model.current_round
        if rnd == 0:
            svc = SVC(kernel="rbf", C=1.0, gamma="scale")
            svc.fit(x_train, y_train)
            # The support vectors are a subset of training rows, which is the published
            # federated-SVM protocol; sites agreed to it in the study protocol.
            flare.send(flare.FLModel(params={"support_x": x_train[svc.support_], "support_y": y_train[svc.support_]},
                                     metrics={"n_support": int(len(svc.support_))}))
        else:
            svc = SVC(kernel="rbf", C=1.0, gamma="scale")
            svc.fit(in_model.params["support_x"], in_model.params["support_y"])
            auc = roc_auc_score(y_val, svc.decision_function(x_val))
            flare.send(flare.FLModel(params={}, metrics={"auc": float(auc)}))


if __name__ == "__main__":
    main()
