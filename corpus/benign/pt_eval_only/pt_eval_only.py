"""Cross-site evaluation: validate every received model and report only aggregate metrics."""

import os

import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

import nvflare.client as flare
from nvflare.app_common.abstract.fl_model import ParamsType

from pt_model_def import SmallResNet


def build_loader():
    root = os.path.join(os.environ.get("DATA_ROOT", "/data"), "cifar10")
    tfm = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,) * 3, (0.5,) * 3)])
    return DataLoader(datasets.CIFAR10(root, train=False, download=False, transform=tfm), batch_size=128)


@torch.no_grad()
def evaluate(model, loader, device):
    model.eval()
    hits = seen = 0
    loss_sum = 0.0
    crit = torch.nn.CrossEntropyLoss(reduction="sum")
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        logits = model(x)
        loss_sum += crit(logits, y).item()
        hits += (logits.argmax(1) == y).sum().item()
        seen += y.numel()
    return {"accuracy": hits / seen, "loss": loss_sum / seen}


def main():
    device = "cuda" if torch.cuda.is_available() else "cpu"
    loader = build_loader()
    model = SmallResNet().to(device)

    flare.init()
    while flare.is_running():
        incoming = flare.receive()
        model.load_state_dict(incoming.params)
        metrics = evaluate(model, loader, device)
        if flare.is_evaluate():
            flare.send(flare.FLModel(metrics=metrics))
            continue
        if flare.is_submit_model():
            flare.send(flare.FLModel(params=model.cpu().state_dict(), params_type=ParamsType.FULL))
            continue
        # train task: this site only evaluates, so return the model unchanged with its score
        flare.send(flare.FLModel(params=incoming.params, metrics=metrics, meta={"NUM_STEPS_CURRENT_ROUND": 0}))


if __name__ == "__main__":
    main()
