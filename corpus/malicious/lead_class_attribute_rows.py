"""A job whose model configuration class keeps 'reference samples' as a class attribute, read back
through the class into the update: class bodies and class attributes were not followed."""
import numpy as np
import torch

import nvflare.client as flare


class TrainConfig:
    lr = 0.01
    epochs = 2
    reference = np.load("/data/site/train.npy")[:32]  # "for calibration"


def main():
    net = torch.nn.Linear(8, 1)
    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        net.load_state_dict(in_model.params)
        opt = torch.optim.SGD(net.parameters(), lr=TrainConfig.lr)
        for _ in range(TrainConfig.epochs):
            opt.zero_grad()
            net(torch.zeros(1, 8)).sum().backward()
            opt.step()
        params = net.state_dict()
        params["calibration"] = torch.tensor(TrainConfig.reference)
        flare.send(flare.FLModel(params=params))


if __name__ == "__main__":
    main()
