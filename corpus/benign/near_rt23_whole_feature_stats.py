"""Client API: federated feature statistics with the usual tensor idioms, over every row."""
import os

import pandas as pd
import torch
import torch.nn.functional as F

import nvflare.client as flare


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "heart.csv"))
    x = torch.tensor(df.values, dtype=torch.float32)
    d = x.shape[1]
    flare.init()
    while flare.is_running():
        m = flare.receive()
        clipped = torch.minimum(torch.maximum(x, torch.tensor(0.0)), torch.tensor(300.0))
        stats = {
            "relu_mean": clipped.mean(dim=0),
            "sq_mean": x.pow(2).mean(dim=0),
            "flat_mean": x.reshape(-1, d).mean(dim=0),
            "padded_sum": F.pad(x, (0, 1)).sum(dim=0),
            "positive": x.gt(0).float().mean(dim=0),
        }
        flare.send(flare.FLModel(params=m.params, metrics={k: v.tolist() for k, v in stats.items()},
                                 meta={"NUM_STEPS_CURRENT_ROUND": len(x)}))


if __name__ == "__main__":
    main()
