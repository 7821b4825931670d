"""Session 54 (leftovers54): a "benchmark" of the training step whose setup string comes from the server's
message each round. The statement is a lambda, so the stmt rule held nothing; timeit compiles and runs the
setup string first. Escalated on main (timeit unvouched); dynamic-code.exec-via-timeit-built-setup now."""
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
        prep = received.meta.get("bench_setup", "pass")
        seconds = timeit.timeit(lambda: model(x), setup=prep, number=5)
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in model.state_dict().items()},
                                 metrics={"step_seconds": seconds}))


if __name__ == "__main__":
    main()
