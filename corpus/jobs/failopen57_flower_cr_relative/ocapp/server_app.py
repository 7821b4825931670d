"""Flower ServerApp: FedAvg over the clients' logistic regressions."""

import numpy as np
from flwr.app import ArrayRecord, Context
from flwr.serverapp import Grid, ServerApp
from flwr.serverapp.strategy import FedAvg

app = ServerApp()


@app.main()
def main(grid: Grid, context: Context) -> None:
    initial = ArrayRecord([np.zeros((10, 784), dtype=np.float32), np.zeros(10, dtype=np.float32)])
    FedAvg(fraction_train=1.0).start(grid=grid, initial_arrays=initial,
                                     num_rounds=context.run_config["num-server-rounds"])
