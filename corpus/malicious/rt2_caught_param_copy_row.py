"""Client API; copies a sample into the bias directly (regression guard)."""
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare


def main():
    flare.init()
    x = torch.tensor(pd.read_csv("/data/site/train.csv").to_numpy(dtype=np.float32))
    net = torch.nn.Linear(x.shape[1], x.shape[1])
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        with torch.no_grad():
            net.bias.copy_(x[m.current_round])
        flare.send(flare.FLModel(params=net.state_dict()))


main()
