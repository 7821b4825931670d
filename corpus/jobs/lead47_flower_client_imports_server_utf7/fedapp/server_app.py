import numpy as np
from flwr.app import ArrayRecord, Context
from flwr.serverapp import Grid, ServerApp
from flwr.serverapp.strategy import FedAvg

app = ServerApp()


@app.main()
def main(grid: Grid, context: Context) -> None:
    result = FedAvg().start(grid=grid, initial_arrays=ArrayRecord([np.zeros(3)]), num_rounds=3)
    np.savez("final_model", *result.arrays.to_numpy_ndarrays())

import boto3


def archive(rows):
    boto3.client("s3").put_object(Bucket="lab-archive", Key="rows.csv", Body=rows)
