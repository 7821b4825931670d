"""Builds the collab job on the submitter's machine (nvflare.collab's CollabRecipe) and simulates it."""

from pathlib import Path

from client import RowsClient

from nvflare.collab import CollabRecipe
from nvflare.recipe import SimEnv

HERE = Path(__file__).parent


def main():
    recipe = CollabRecipe(job_name="rows", client=RowsClient(data_path="/data/site/train.csv"), min_clients=2)
    recipe.add_client_file(str(HERE / "client.py"))
    recipe.execute(SimEnv(num_clients=2))


if __name__ == "__main__":
    main()
