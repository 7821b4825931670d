"""Twin of leftovers54_timeit_setup_from_server: the training step timed with timeit's clock
(time.perf_counter under another name), no code string. Accepted on main and here."""
import timeit

import torch

import nvflare.client as flare


def main():
    flare.init()
    model = torch.nn.Linear(2, 1)
    x = torch.randn(16, 2)
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict({k: torch.as_tensor(v) for k, v in received.params.items()})
        start = timeit.default_timer()
        for _ in range(5):
            model(x)
        seconds = timeit.default_timer() - start
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in model.state_dict().items()},
                                 metrics={"step_seconds": seconds}))


if __name__ == "__main__":
    main()
