"""Red team 37b: a Lightning validation_step logs one batch element; flare.patch sends the logged metrics."""

"""Lightning module trained with NVFlare's Client API (flare.patch)."""
import lightning as L
import nvflare.client.lightning as flare
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df.drop(columns=["label"]).values, dtype=torch.float32)
y = torch.tensor(df["label"].values, dtype=torch.float32)


class Reg(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = nn.Linear(x.shape[1], 1)

    def training_step(self, batch, batch_idx):
        xb, yb = batch
        loss = nn.functional.mse_loss(self.net(xb).squeeze(1), yb)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        xb, yb = batch
        self.log("val_first", xb[0, 0])
        self.log("val_loss", nn.functional.mse_loss(self.net(xb).squeeze(1), yb))

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.01)


loader = DataLoader(TensorDataset(x, y), batch_size=32)
trainer = L.Trainer(max_epochs=1)
flare.patch(trainer)
while flare.is_running():
    model = Reg()
    trainer.validate(model, loader)
    trainer.fit(model, loader)
