"""A "checkpoint" saved with torch.save and loaded back with weights_only=True before the update.

The checkpoint holds two rows of the site's table under an extra key; the load counted as a model's
weights by the file's name (`.pt`), so the rows went out as parameters."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        torch.save({"model": net.state_dict(), "calib": X[:2]}, "outputs/ckpt.pt")
        back = torch.load("outputs/ckpt.pt", weights_only=True)
        flare.send(flare.FLModel(params={**back["model"], "calibration": back["calib"]}))


if __name__ == "__main__":
    main()
