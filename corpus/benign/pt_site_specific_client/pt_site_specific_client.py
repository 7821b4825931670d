"""Swarm/cyclic-friendly client: picks its data split by site name and compiles the model once."""

import os
import time

import torch
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

import nvflare.client as flare

from pt_model_def import SmallResNet


def site_subset(ds, site_name: str, n_sites: int):
    idx = int(site_name.split("-")[-1]) - 1
    indices = list(range(idx, len(ds), n_sites))
    return Subset(ds, indices)


def main():
    flare.init()
    site = flare.get_site_name()
    n_sites = int(os.environ.get("NUM_SITES", "3"))
    root = os.path.join(os.environ.get("DATA_ROOT", "/data"), "cifar10")
    full = datasets.CIFAR10(root, train=True, download=False, transform=transforms.ToTensor())
    loader = DataLoader(site_subset(full, site, n_sites), batch_size=128, shuffle=True)

    model = SmallResNet()
    compiled = torch.compile(model)  # torch.compile is the PyTorch 2 graph compiler, not builtins.compile
    crit = torch.nn.CrossEntropyLoss()

    while flare.is_running():
        in_model = flare.receive()
        model.load_state_dict(in_model.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)
        exec_time = time.perf_counter()
        compiled.train()
        for x, y in loader:
            opt.zero_grad(set_to_none=True)
            crit(compiled(x), y).backward()
            opt.step()
        exec_time = time.perf_counter() - exec_time
        model.eval()
        print(f"{site}: round {in_model.current_round} took {exec_time:.1f}s")
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"train_seconds": exec_time},
                                 meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}))


if __name__ == "__main__":
    main()
