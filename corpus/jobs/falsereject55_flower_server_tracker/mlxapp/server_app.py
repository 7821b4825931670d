"""Flower ServerApp: FedAvg, its aggregated metrics logged to W&B from the server."""

import wandb
from flwr.app import ArrayRecord, Context
from flwr.serverapp import Grid, ServerApp
from flwr.serverapp.strategy import FedAvg

from mlxapp.task import MLP, get_params

app = ServerApp()


@app.main()
def main(grid: Grid, context: Context) -> None:
    wandb.init(project="fl-mlx", name="server")
    model = MLP(2, 784, 32)
    result = FedAvg().start(grid=grid, initial_arrays=ArrayRecord(get_params(model)), num_rounds=3)
    for round_number, metrics in result.train_metrics_clientapp.items():
        wandb.log(dict(metrics), step=round_number)
