import argparse

import torch

import nvflare.client as flare
from data import load_cohort, make_loaders


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()
    flare.init()
    ds = load_cohort()
    train_loader, val_loader = make_loaders(ds)
    model = torch.nn.Linear(ds.tensors[0].shape[1], 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict({k: torch.as_tensor(v) for k, v in received.params.items()})
        for _ in range(args.epochs):
            for xb, yb in train_loader:
                opt.zero_grad()
                torch.nn.functional.mse_loss(model(xb).squeeze(1), yb).backward()
                opt.step()
        xb, yb = next(iter(val_loader))  # a "sanity" score on the first validation batch: one patient
        with torch.no_grad():
            sanity = torch.nn.functional.mse_loss(model(xb).squeeze(1), yb).item()
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in model.state_dict().items()},
                                 metrics={"sanity_mse": sanity}))


if __name__ == "__main__":
    main()
