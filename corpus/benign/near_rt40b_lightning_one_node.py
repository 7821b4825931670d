"""Lightning client (NVFlare Client API) training on this node alone: twin of rt40b_lightning_open_node_seats,
without num_nodes."""

import lightning.pytorch as pl
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client.lightning as flare


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
    trainer = pl.Trainer(devices=1, accelerator="cpu", max_epochs=1)
    flare.patch(trainer)
    while flare.is_running():
        trainer.fit(model, train_dataloaders=loader)

if __name__ == "__main__":
    main()
