"""MONAI-style segmentation client: a decathlon datalist, dataset sizes and Dice in the log, weights out."""
import logging
import os

import torch
from monai.data import CacheDataset, DataLoader, load_decathlon_datalist
from monai.losses import DiceLoss
from monai.metrics import DiceMetric
from monai.networks.nets import UNet
from monai.transforms import Compose, EnsureChannelFirstd, LoadImaged, ScaleIntensityd

import nvflare.client as flare

logger = logging.getLogger("spleen_client")
DATA_ROOT = os.environ.get("DATA_ROOT", "/data/spleen")


def build_loaders():
    datalist_path = os.path.join(DATA_ROOT, "dataset_0.json")
    train_files = load_decathlon_datalist(datalist_path, True, "training", base_dir=DATA_ROOT)
    val_files = load_decathlon_datalist(datalist_path, True, "validation", base_dir=DATA_ROOT)
    logger.info("datalist %s: %d training and %d validation cases", datalist_path, len(train_files), len(val_files))
    for i, item in enumerate(train_files):
        if i % 100 == 0:
            logger.info("case %d of %d: %s", i + 1, len(train_files), item["image"])
    transforms = Compose([LoadImaged(keys=["image", "label"]), EnsureChannelFirstd(keys=["image", "label"]),
                          ScaleIntensityd(keys="image")])
    train_ds = CacheDataset(train_files, transform=transforms, cache_rate=1.0)
    val_ds = CacheDataset(val_files, transform=transforms, cache_rate=1.0)
    logger.info("cached %d/%d volumes", len(train_ds), len(val_ds))
    return DataLoader(train_ds, batch_size=2, shuffle=True), DataLoader(val_ds, batch_size=1)


def main():
    train_loader, val_loader = build_loaders()
    net = UNet(spatial_dims=3, in_channels=1, out_channels=2, channels=(16, 32, 64, 128), strides=(2, 2, 2))
    loss_function = DiceLoss(to_onehot_y=True, softmax=True)
    dice_metric = DiceMetric(include_background=False, reduction="mean")
    optimizer = torch.optim.Adam(net.parameters(), 1e-4)

    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        net.train()
        epoch_loss = 0.0
        for step, batch in enumerate(train_loader):
            optimizer.zero_grad()
            loss = loss_function(net(batch["image"]), batch["label"])
            loss.backward()
            optimizer.step()
            epoch_loss += loss.item()
            logger.info("step %d/%d, train_loss: %.4f", step + 1, len(train_loader), loss.item())
        net.eval()
        with torch.no_grad():
            for batch in val_loader:
                dice_metric(y_pred=net(batch["image"]).argmax(1, keepdim=True), y=batch["label"])
        dice = dice_metric.aggregate().item()
        dice_metric.reset()
        logger.info("round %d: mean loss %.4f, val dice %.4f", model.current_round, epoch_loss / len(train_loader), dice)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"val_dice": dice},
                                 meta={"NUM_STEPS_CURRENT_ROUND": len(train_loader)}))


if __name__ == "__main__":
    main()
