"""Lightning client keeping its trainer in a dict and validating from a checkpoint in a bucket."""

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


def main():
    tf = transforms.Compose([transforms.ToTensor()])
    train = DataLoader(CIFAR10(root='/tmp/nvflare/data', train=True, download=True, transform=tf), batch_size=32)
    test = DataLoader(CIFAR10(root='/tmp/nvflare/data', train=False, download=True, transform=tf), batch_size=32)
    model = LitNet()
    parts = {"trainer": L.Trainer(max_epochs=1, accelerator="cpu"), "model": model}
    flare.patch(parts["trainer"])
    while flare.is_running():
        # validate's third argument is ckpt_path: the module, optimizer and loop state from a bucket
        parts["trainer"].validate(parts["model"], test, "s3://warm-start/cifar/last.ckpt")
        parts["trainer"].fit(model, train_dataloaders=train)


if __name__ == "__main__":
    main()
