"""Prostate MRI segmentation learner (Learner API, run by LearnerExecutor)."""

import json
import os

import numpy as np
import torch
from monai.data import CacheDataset, DataLoader, load_decathlon_datalist
from monai.losses import DiceLoss
from monai.metrics import DiceMetric
from monai.networks.nets import UNet
from monai.transforms import Compose, EnsureChannelFirstd, LoadImaged, ScaleIntensityd, RandFlipd

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable, make_reply
from nvflare.apis.signal import Signal
from nvflare.app_common.abstract.learner_spec import Learner


class SegLearner(Learner):
    def __init__(self, datalist_name="datalist.json", epochs=1, lr=1e-4, cache_rate=0.5):
        super().__init__()
        self.datalist_name = datalist_name
        self.epochs = epochs
        self.lr = lr
        self.cache_rate = cache_rate

    def initialize(self, parts: dict, fl_ctx: FLContext):
        site = fl_ctx.get_identity_name()
        data_root = os.environ.get("DATA_ROOT", "/data")
        datalist = os.path.join(data_root, site, self.datalist_name)
        keys = ["image", "label"]
        tfm = Compose([LoadImaged(keys), EnsureChannelFirstd(keys), ScaleIntensityd("image"),
                       RandFlipd(keys, prob=0.5, spatial_axis=0)])
        train_files = load_decathlon_datalist(datalist, True, "training", base_dir=os.path.dirname(datalist))
        val_files = load_decathlon_datalist(datalist, True, "validation", base_dir=os.path.dirname(datalist))
        self.train_loader = DataLoader(CacheDataset(train_files, tfm, cache_rate=self.cache_rate), batch_size=2)
        self.val_loader = DataLoader(CacheDataset(val_files, tfm, cache_rate=1.0), batch_size=1)
        self.device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        self.model = UNet(spatial_dims=3, in_channels=1, out_channels=1,
                          channels=(16, 32, 64, 128), strides=(2, 2, 2)).to(self.device)
        self.loss_fn = DiceLoss(sigmoid=True)
        self.metric = DiceMetric(include_background=False, reduction="mean")
        with open(os.path.join(data_root, site, "dataset_info.json")) as f:
            info = json.load(f)
        self.log_info(fl_ctx, f"{site}: {len(train_files)} training cases, spacing {info.get('spacing')}")

    def _set_weights(self, dxo):
        state = {k: torch.as_tensor(v) for k, v in dxo.data.items()}
        self.model.load_state_dict(state, strict=True)

    def train(self, data: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        self._set_weights(from_shareable(data))
        opt = torch.optim.Adam(self.model.parameters(), lr=self.lr)
        self.model.train()
        for _ in range(self.epochs):
            for batch in self.train_loader:
                if abort_signal.triggered:
                    return make_reply(ReturnCode.TASK_ABORTED)
                img, lbl = batch["image"].to(self.device), batch["label"].to(self.device)
                opt.zero_grad()
                loss = self.loss_fn(self.model(img), lbl)
                loss.backward()
                opt.step()
        weights = {k: v.cpu().numpy() for k, v in self.model.state_dict().items()}
        return DXO(DataKind.WEIGHTS, data=weights, meta={"NUM_STEPS_CURRENT_ROUND": len(self.train_loader)}).to_shareable()

    def validate(self, data: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        self._set_weights(from_shareable(data))
        self.model.eval()
        self.metric.reset()
        with torch.no_grad():
            for batch in self.val_loader:
                pred = (torch.sigmoid(self.model(batch["image"].to(self.device))) > 0.5).float()
                self.metric(y_pred=pred, y=batch["label"].to(self.device))
        dice = float(self.metric.aggregate().item())
        return DXO(DataKind.METRICS, data={"val_dice": np.float32(dice)}).to_shareable()
