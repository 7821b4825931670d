"""MONAI training whose StatsHandler logs only the epoch metrics (no per-iteration log, no state attributes)."""

import torch
from monai.data import DataLoader, Dataset
from monai.engines import SupervisedTrainer
from monai.handlers import StatsHandler
from monai.networks.nets import densenet121

import nvflare.client as flare


def main():
    flare.init()
    data = [{"image": torch.load("data/img.pt", weights_only=True), "label": 0}]
    loader = DataLoader(Dataset(data), batch_size=4)
    model = densenet121(spatial_dims=2, in_channels=1, out_channels=6)
    trainer = SupervisedTrainer(
        device=torch.device("cpu"),
        max_epochs=1,
        train_data_loader=loader,
        network=model,
        optimizer=torch.optim.Adam(model.parameters(), lr=1e-5),
        loss_function=torch.nn.CrossEntropyLoss(),
        train_handlers=StatsHandler(iteration_log=False),
    )
    while flare.is_running():
        input_model = flare.receive()
        trainer.network.load_state_dict(input_model.params)
        trainer.run()
        flare.send(flare.FLModel(params=trainer.network.state_dict()))


main()
