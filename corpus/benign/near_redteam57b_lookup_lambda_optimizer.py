"""FL client: a lookup helper wrapped in a lambda picks the optimiser class from a table of torch's; its result
at the call is torch.optim.SGD (twin of malicious/redteam57b_getattr_lambda_exec.py)."""
import torch

import nvflare.client as flare

OPTIMIZERS = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}
pick = lambda table, key: table[key]
optimizer_cls = pick(OPTIMIZERS, "sgd")


def main():
    net = torch.nn.Linear(4, 2)
    opt = optimizer_cls(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt.zero_grad()
        net(torch.zeros(1, 4)).sum().backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
