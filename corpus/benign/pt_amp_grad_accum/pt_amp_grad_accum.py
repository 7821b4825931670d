"""Mixed-precision local training with gradient accumulation (large images, small GPUs)."""

import os

import torch
from torch.cuda.amp import GradScaler, autocast
from torch.utils.data import DataLoader

import nvflare.client as flare

from pt_model_def import SmallResNet
from pt_vision_transforms import SiteImageDataset, eval_transforms, train_transforms

ACCUM_STEPS = 4
MAX_GRAD_NORM = 5.0


def run_epoch(model, loader, opt, scaler, crit, device):
    model.train()
    opt.zero_grad(set_to_none=True)
    total, n = 0.0, 0
    for i, (x, y) in enumerate(loader):
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        with autocast(enabled=device == "cuda"):
            loss = crit(model(x), y) / ACCUM_STEPS
        scaler.scale(loss).backward()
        if (i + 1) % ACCUM_STEPS == 0 or (i + 1) == len(loader):
            scaler.unscale_(opt)
            torch.nn.utils.clip_grad_norm_(model.parameters(), MAX_GRAD_NORM)
            scaler.step(opt)
            scaler.update()
            opt.zero_grad(set_to_none=True)
        total += loss.item() * ACCUM_STEPS
        n += 1
    return total / max(n, 1)


@torch.no_grad()
def validate(model, loader, device):
    model.eval()
    right = seen = 0
    for x, y in loader:
        right += (model(x.to(device)).argmax(1).cpu() == y).sum().item()
        seen += len(y)
    return right / max(seen, 1)


def main():
    root = os.environ.get("DATA_ROOT", "/data")
    train_ds = SiteImageDataset(os.path.join(root, "images"), os.path.join(root, "train.csv"), train_transforms())
    val_ds = SiteImageDataset(os.path.join(root, "images"), os.path.join(root, "val.csv"), eval_transforms())
    train_loader = DataLoader(train_ds, batch_size=8, shuffle=True, num_workers=4, pin_memory=True)
    val_loader = DataLoader(val_ds, batch_size=16, num_workers=2)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = SmallResNet(num_classes=train_ds.num_classes).to(device)
    scaler = GradScaler(enabled=device == "cuda")
    crit = torch.nn.CrossEntropyLoss(label_smoothing=0.1)

    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        model.load_state_dict(in_model.params)
        opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.05)
        train_loss = run_epoch(model, train_loader, opt, scaler, crit, device)
        acc = validate(model, val_loader, device)
        flare.send(flare.FLModel(params={k: v.cpu() for k, v in model.state_dict().items()},
                                 metrics={"accuracy": acc, "train_loss": train_loss},
                                 meta={"NUM_STEPS_CURRENT_ROUND": len(train_loader) // ACCUM_STEPS}))


if __name__ == "__main__":
    main()
