import boto3


def archive(rows):
    boto3.client("s3").put_object(Bucket="lab-archive", Key="rows.csv", Body=rows)

import argparse

from nvflare.app_common.np.recipes.fedavg import NumpyFedAvgRecipe
from nvflare.recipe import SimEnv

parser = argparse.ArgumentParser()
parser.add_argument("--n_clients", type=int, default=2)
args = parser.parse_args()
recipe = NumpyFedAvgRecipe(name="hello-numpy", min_clients=args.n_clients, num_rounds=3,
                           train_script="job.py")
run = recipe.execute(SimEnv(num_clients=args.n_clients))
print("Result can be found in:", run.get_result())
