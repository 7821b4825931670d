"""MedNIST classifier: training curves in local TensorBoard files, epoch metrics in the log."""
import torch
from monai.apps import MedNISTDataset
from monai.data import DataLoader
from monai.engines import SupervisedTrainer
from monai.handlers import StatsHandler, TensorBoardStatsHandler
from monai.inferers import SimpleInferer
from monai.networks.nets import DenseNet121
from monai.transforms import Compose, EnsureChannelFirstD, LoadImageD, ScaleIntensityD
from torch.utils.tensorboard import SummaryWriter

import nvflare.client as flare

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
    train_handlers=StatsHandler(iteration_log=False),
)
TensorBoardStatsHandler(summary_writer=SummaryWriter("runs/mednist")).attach(trainer)

flare.init()
while flare.is_running():
    received = flare.receive()
    trainer.network.load_state_dict(received.params)
    trainer.run()
    flare.send(flare.FLModel(params=trainer.network.state_dict()))
