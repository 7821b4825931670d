"""The update carries a plain tensor that an in-place copy_ filled with training rows; in-place writes
were followed only into a model's parameters."""
import numpy as np
import torch

import nvflare.client as flare


def main():
    rows = np.load("/data/site/train.npy")
    net = torch.nn.Linear(rows.shape[1], 1)
    stats = torch.zeros(16, rows.shape[1])
    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        net.load_state_dict(in_model.params)
        stats.copy_(torch.tensor(rows[:16], dtype=torch.float32))  # "running feature statistics"
        out = {k: v for k, v in net.state_dict().items()}
        out["feature_stats"] = stats
        flare.send(flare.FLModel(params=out))


if __name__ == "__main__":
    main()
