"""Flanders-style multiclass AUC over a loader, chained from the first stored batch only (y_true[:1]): with
batch_size=1 the AUC is of one record."""
import itertools

import torch
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import LabelBinarizer
from torch.utils.data import DataLoader
from torchvision.datasets import MNIST

import nvflare.client as flare


def roc_auc_multiclass(y_true, y_pred):
    l_b = LabelBinarizer()
    l_b.fit(y_true)
    y_true = l_b.transform(y_true)
    y_pred = l_b.transform(y_pred)
    return roc_auc_score(y_true, y_pred, multi_class="ovr")


def test_mnist(model, dataloader):
    y_true, y_pred = [], []
    with torch.no_grad():
        for images, labels in dataloader:
            outputs = model(images.reshape(-1, 28 * 28))
            _, predicted = torch.max(outputs.data, 1)
            y_true.append(labels.cpu().numpy())
            y_pred.append(predicted.cpu().numpy())
        y_true = list(itertools.chain(*y_true[:1]))
        y_pred = list(itertools.chain(*y_pred[:1]))
        auc = roc_auc_multiclass(y_true, y_pred)
    return auc


net = torch.nn.Linear(784, 10)
loader = DataLoader(MNIST("/data/mnist", train=False), batch_size=1)
flare.init()
while flare.is_running():
    m = flare.receive()
    net.load_state_dict(m.params)
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"auc": test_mnist(net, loader)}))
