"""MONAI MedNIST-style client on MONAI's SupervisedTrainer, run eagerly."""

import os

import numpy as np
import torch
import nvflare.client as flare
from monai.data import DataLoader, Dataset
from monai.engines import SupervisedTrainer
from monai.networks.nets import DenseNet121

DATA = os.environ.get("DATA_ROOT", "/data/site")


def main():
    images = np.load(os.path.join(DATA, "mednist_images.npy"))
    labels = np.load(os.path.join(DATA, "mednist_labels.npy"))
    items = [{"image": torch.from_numpy(x).float().unsqueeze(0), "label": int(y)} for x, y in zip(images, labels)]
    loader = DataLoader(Dataset(items), batch_size=32, shuffle=True)
    net = DenseNet121(spatial_dims=2, in_channels=1, out_channels=6)
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    trainer = SupervisedTrainer(device=torch.device("cpu"), max_epochs=1, train_data_loader=loader, network=net,
                                optimizer=opt, loss_function=torch.nn.CrossEntropyLoss())
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        trainer.run()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
