"""Client API trainer: logistic regression on the site's features (a plain, vouched training loop)."""

import argparse

import numpy as np
import torch

import nvflare.client as flare


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()

    model = torch.nn.Linear(16, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.tensor(np.random.default_rng(0).normal(size=(128, 16)), dtype=torch.float32)
    y = (x[:, 0] > 0).long()

    flare.init()
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict(received.params)
        for _ in range(args.epochs):
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
