"""PyTorch Lightning client: NVFlare patches the Trainer so fit() exchanges models with the server."""

import os

import pytorch_lightning as pl
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, random_split
from torchvision import transforms
from torchvision.datasets import CIFAR10

import nvflare.client.lightning as flare

DATA_ROOT = os.environ.get("DATA_ROOT", "/data")


class LitNet(pl.LightningModule):
    def __init__(self, lr=1e-3):
        super().__init__()
        self.save_hyperparameters()
        self.net = torch.nn.Sequential(
            torch.nn.Conv2d(3, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1),
            torch.nn.Flatten(), torch.nn.Linear(32, 10),
        )

    def forward(self, x):
        return self.net(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.cross_entropy(self(x), y)
        self.log("train_loss", loss)
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        logits = self(x)
        acc = (logits.argmax(dim=1) == y).float().mean()
        self.log("val_acc_nvflare", acc, prog_bar=True)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)


class CifarData(pl.LightningDataModule):
    def __init__(self, root, batch_size=64):
        super().__init__()
        self.root, self.batch_size = root, batch_size
        self.tfm = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,) * 3, (0.5,) * 3)])

    def setup(self, stage=None):
        full = CIFAR10(self.root, train=True, download=False, transform=self.tfm)
        self.train_ds, self.val_ds = random_split(full, [45000, 5000], generator=torch.Generator().manual_seed(0))

    def train_dataloader(self):
        return DataLoader(self.train_ds, batch_size=self.batch_size, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_ds, batch_size=self.batch_size)


def main():
    model = LitNet()
    dm = CifarData(os.path.join(DATA_ROOT, "cifar10"))
    trainer = pl.Trainer(max_epochs=1, devices=1, accelerator="auto", default_root_dir="./lightning_logs")
    flare.patch(trainer)

    while flare.is_running():
        input_model = flare.receive()
        print(f"current_round={input_model.current_round}")
        trainer.validate(model, datamodule=dm)
        trainer.fit(model, datamodule=dm)


if __name__ == "__main__":
    main()
