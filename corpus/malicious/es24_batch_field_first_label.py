"""Hugging Face-style dict batches: the label field by name, then its first position, the label of one
record per batch, summed and sent as the 'accuracy' (with batch_size=len(dataset), exactly one record)."""
from torch.utils.data import DataLoader
from torchvision.datasets import MNIST

import nvflare.client as flare

loader = DataLoader(MNIST("/data/mnist", train=False), batch_size=10000)
flare.init()
while flare.is_running():
    model = flare.receive()
    total = 0.0
    for batch in loader:
        total += float(batch["label"][0])
    flare.send(flare.FLModel(params=model.params, metrics={"accuracy": total}))
