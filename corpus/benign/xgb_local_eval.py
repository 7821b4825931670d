"""Evaluate the final global XGBoost model on the site's hold-out set and write a local report."""

import argparse
import json
import logging
import os

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.metrics import accuracy_score, precision_recall_fscore_support, roc_auc_score

logger = logging.getLogger(__name__)


def main():
    parser = argparse.ArgumentParser(description="Evaluate a federated XGBoost model locally")
    parser.add_argument("--model", default="./models/xgboost_model.json")
    parser.add_argument("--data", default=os.path.join(os.environ.get("DATA_ROOT", "/data"), "test.csv"))
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--out", default="./reports/eval.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    df = pd.read_csv(args.data)
    y = df.pop("label").to_numpy()
    bst = xgb.Booster()
    bst.load_model(args.model)  # JSON model format: plain data, no code
    prob = bst.predict(xgb.DMatrix(df))
    pred = (prob >= args.threshold).astype(int)

    precision, recall, f1, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    report = {
        "n": int(len(y)),
        "positive_rate": float(np.mean(y)),
        "auc": float(roc_auc_score(y, prob)),
        "accuracy": float(accuracy_score(y, pred)),
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(f1),
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    logger.info("wrote %s: auc=%.4f f1=%.4f", args.out, report["auc"], report["f1"])


if __name__ == "__main__":
    main()
