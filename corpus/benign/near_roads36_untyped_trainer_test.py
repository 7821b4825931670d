"""Lightning client whose evaluate() is handed the trainer (from a dict) and tests its own best checkpoint."""

import lightning as L
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import transforms
from torchvision.datasets import CIFAR10

import nvflare.client.lightning as flare


class LitNet(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(3 * 32 * 32, 10))

    def training_step(self, batch, idx):
        x, y = batch
        loss = F.cross_entropy(self.net(x), y)
        self.log("train_loss", loss)
        return loss

    def test_step(self, batch, idx):
        x, y = batch
        self.log("test_acc", (self.net(x).argmax(-1) == y).float().mean())

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.01)


def evaluate(trainer, model, loader):
    # the trainer arrives as an argument; the best checkpoint its own ModelCheckpoint wrote
    trainer.validate(model, dataloaders=loader)
    return trainer.test(model, dataloaders=loader, ckpt_path="best")


def main():
    tf = transforms.Compose([transforms.ToTensor()])
    train = DataLoader(CIFAR10(root='/tmp/nvflare/data', train=True, download=True, transform=tf), batch_size=32)
    test = DataLoader(CIFAR10(root='/tmp/nvflare/data', train=False, download=True, transform=tf), batch_size=32)
    model = LitNet()
    parts = {"trainer": L.Trainer(max_epochs=1, accelerator="cpu")}
    flare.patch(parts["trainer"])
    while flare.is_running():
        parts["trainer"].fit(model, train_dataloaders=train)
        evaluate(parts["trainer"], model, test)


if __name__ == "__main__":
    main()
