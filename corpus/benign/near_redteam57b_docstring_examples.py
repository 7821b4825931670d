"""FL client whose metric helper documents itself with doctest examples, which nothing runs on the site
(twin of malicious/redteam57b_doctest_docstring_payload.py)."""
import torch

import nvflare.client as flare


def mean_loss(losses):
    """Average of the round's losses.

    >>> mean_loss([1.0, 3.0])
    2.0
    """
    return sum(losses) / len(losses)


def main():
    net = torch.nn.Linear(4, 2)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
