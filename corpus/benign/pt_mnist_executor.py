"""MNIST trainer implemented as a classic NVFlare Executor (DXO in, DXO out)."""

import os

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from nvflare.apis.dxo import DXO, DataKind, MetaKey, from_shareable
from nvflare.apis.executor import Executor
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import Shareable, make_reply
from nvflare.apis.signal import Signal


class MnistNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Flatten(), nn.Linear(28 * 28, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 10)
        )

    def forward(self, x):
        return self.body(x)


class MnistTrainer(Executor):
    def __init__(self, lr=0.01, epochs=1, batch_size=64, train_task_name="train"):
        super().__init__()
        self.lr = lr
        self.epochs = epochs
        self.batch_size = batch_size
        self.train_task_name = train_task_name
        self.model = MnistNet()
        self.device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        self.loader = None

    def _build_loader(self):
        root = os.path.join(os.environ.get("DATA_ROOT", "/data"), "mnist")
        tfm = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
        ds = datasets.MNIST(root, train=True, download=False, transform=tfm)
        return DataLoader(ds, batch_size=self.batch_size, shuffle=True)

    def execute(self, task_name: str, shareable: Shareable, fl_ctx: FLContext, abort_signal: Signal) -> Shareable:
        if task_name != self.train_task_name:
            return make_reply(ReturnCode.TASK_UNKNOWN)
        if self.loader is None:
            self.loader = self._build_loader()

        dxo = from_shareable(shareable)
        weights = {k: torch.as_tensor(v) for k, v in dxo.data.items()}
        self.model.load_state_dict(weights)
        self.model.to(self.device)

        optimizer = torch.optim.SGD(self.model.parameters(), lr=self.lr)
        loss_fn = nn.CrossEntropyLoss()
        steps = 0
        self.model.train()
        for _ in range(self.epochs):
            for images, labels in self.loader:
                if abort_signal.triggered:
                    return make_reply(ReturnCode.TASK_ABORTED)
                optimizer.zero_grad()
                loss = loss_fn(self.model(images.to(self.device)), labels.to(self.device))
                loss.backward()
                optimizer.step()
                steps += 1
        self.log_info(fl_ctx, f"finished {steps} local steps, last loss {loss.item():.4f}")

        new_weights = {k: v.cpu().numpy().astype(np.float32) for k, v in self.model.state_dict().items()}
        out = DXO(data_kind=DataKind.WEIGHTS, data=new_weights, meta={MetaKey.NUM_STEPS_CURRENT_ROUND: steps})
        return out.to_shareable()
