"""Twin of malicious/rt17_helper_dot_pick.py: the same helper computes a linear model's predictions (the site's
rows times the server's weights) and their mean squared error."""
import numpy as np
import pandas as pd
import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
features = df.drop(columns=["y", "id"]).values


def dot(u, v):
    return np.dot(u, v)


def main():
    flare.init()
    while flare.is_running():
        model = flare.receive()
        w = model.params["w"]
        err = df["y"].values - dot(features, w)
        flare.send(flare.FLModel(params=model.params, metrics={"mse": float(np.mean(err ** 2))}))


if __name__ == "__main__":
    main()
