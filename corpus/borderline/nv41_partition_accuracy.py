"""NVFlare's recipe-k8s client, trimmed: the test set is a stride by site index cut to a count, both from the command
line, and the received model's accuracy goes out as a metric. Borderline: the accuracy is honest here, but the unit
ships no command line, and one with --site-index 4242 --num-sites 10000 makes the stride one test row, whose label
the accuracy reads a bit at a time (jobs/nv33_stride_*). Session 41 measured a rule that vouched for a model's
metric over rows the code chose: it accepted that sample and five other held ones, so such metrics stay reviewed."""
import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision.datasets import MNIST
from torchvision.transforms import ToTensor

import nvflare.client as flare


def partition(dataset, site_index, num_sites, max_samples):
    indices = list(range(site_index, len(dataset), num_sites))
    return Subset(dataset, indices[:max_samples])


def evaluate(model, loader):
    correct, total = 0, 0
    with torch.no_grad():
        for images, labels in loader:
            correct += (model(images).argmax(dim=1) == labels).sum().item()
            total += labels.size(0)
    return correct / total


parser = argparse.ArgumentParser()
parser.add_argument("--site-index", type=int, required=True)
parser.add_argument("--num-sites", type=int, required=True)
parser.add_argument("--max-test-samples", type=int, default=1000)
args = parser.parse_args()
test_loader = DataLoader(partition(MNIST("/data", train=False, transform=ToTensor()), args.site_index,
                                   args.num_sites, args.max_test_samples), batch_size=32)
model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 10))
flare.init()
while flare.is_running():
    input_model = flare.receive()
    model.load_state_dict(input_model.params)
    flare.send(flare.FLModel(params=model.state_dict(), metrics={"accuracy": evaluate(model, test_loader)}))
