"""Twin of benign/nv41_lightning_trainer_dict.py: the dict gets num_nodes from the command line. Lightning then
waits for that many nodes, and rank 0's store, listening on MASTER_PORT on every interface, seats any host that
connects in every all-reduce of the gradients (lightning.yaml, red team 40b). An added key is there or not, with
a value the gate does not fold: the Trainer stays unvouched."""
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
    parser.add_argument("--nodes", type=int, default=1)
    args = parser.parse_args()
    model = LitNet()
    loader = DataLoader(CIFAR10("/data/cifar10", train=True, transform=ToTensor()), batch_size=32)
    trainer_args = {"max_epochs": 1, "accelerator": "auto", "devices": "auto"}
    if args.nodes > 1:
        trainer_args.update(num_nodes=args.nodes)
    trainer = Trainer(**trainer_args)
    flare.patch(trainer)
    while flare.is_running():
        input_model = flare.receive()
        print(f"round {input_model.current_round}")
        trainer.fit(model, train_dataloaders=loader)


if __name__ == "__main__":
    main()
