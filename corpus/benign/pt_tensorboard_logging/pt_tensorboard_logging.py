"""Client API training with local TensorBoard logs plus metric streaming through NVFlare."""

import os

import torch
from torch.utils.data import DataLoader
from torch.utils.tensorboard import SummaryWriter as LocalWriter
from torchvision import datasets, transforms

import nvflare.client as flare
from nvflare.client.tracking import SummaryWriter

from pt_model_def import SmallResNet


def main():
    root = os.path.join(os.environ.get("DATA_ROOT", "/data"), "cifar10")
    tfm = transforms.Compose([transforms.RandomHorizontalFlip(), transforms.ToTensor()])
    loader = DataLoader(datasets.CIFAR10(root, train=True, download=False, transform=tfm), batch_size=64, shuffle=True)
    model = SmallResNet()
    local_writer = LocalWriter(log_dir="./runs")
    fl_writer = SummaryWriter()  # streams scalars to the server's tracking receiver via NVFlare

    flare.init()
    step = 0
    while flare.is_running():
        in_model = flare.receive()
        model.load_state_dict(in_model.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        crit = torch.nn.CrossEntropyLoss()
        model.train()
        running = 0.0
        for i, (x, y) in enumerate(loader):
            opt.zero_grad()
            loss = crit(model(x), y)
            loss.backward()
            opt.step()
            running += loss.item()
            step += 1
            if i % 100 == 99:
                avg = running / 100
                local_writer.add_scalar("train/loss", avg, step)
                fl_writer.add_scalar("train_loss", avg, step)
                running = 0.0
        local_writer.flush()
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}))
    local_writer.close()


if __name__ == "__main__":
    main()
