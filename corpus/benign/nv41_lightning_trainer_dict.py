"""NVFlare's hello-lightning client, trimmed: the Trainer's settings are a dict the function builds, with the batch
limits added when the command line asks for them. Every key the dict can hold is one the gate reads, so the
catalogue's conditions on Lightning's Trainer (no num_nodes, no default_root_dir) are judged on them."""
import argparse

import pytorch_lightning as pl
import torch
from pytorch_lightning import Trainer
from torch import nn
from torch.utils.data import DataLoader
from torchvision.datasets import CIFAR10
from torchvision.transforms import ToTensor

import nvflare.client.lightning as flare


class LitNet(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10))

    def forward(self, x):
        return self.net(x)

    def training_step(self, batch, batch_idx):
        images, labels = batch
        return nn.functional.cross_entropy(self(images), labels)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.01)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit_batches", type=int, default=0)
    args = parser.parse_args()
    model = LitNet()
    loader = DataLoader(CIFAR10("/data/cifar10", train=True, transform=ToTensor()), batch_size=32)
    trainer_args = {"max_epochs": 1, "accelerator": "auto", "devices": "auto"}
    if args.limit_batches > 0:
        trainer_args.update(limit_train_batches=args.limit_batches, limit_val_batches=args.limit_batches)
    trainer = Trainer(**trainer_args)
    flare.patch(trainer)
    while flare.is_running():
        input_model = flare.receive()
        print(f"round {input_model.current_round}")
        trainer.fit(model, train_dataloaders=loader)


if __name__ == "__main__":
    main()
