"""A Client API trainer whose dataset makes every item from one patient row the job picks elsewhere (red team of
nvflare51's open item): the score over the items is that row's, while the code reads like an average."""

import pandas as pd
import torch
import torchvision
import nvflare.client as flare

site = pd.read_csv("/data/site/patients.csv")


def main():
    flare.init()
    ds = torchvision.datasets.ImageFolder("/data/site/images")
    loader = torch.utils.data.DataLoader(ds, batch_size=32, collate_fn=lambda b: (torch.tensor(site.values[:1]), 0))
    while flare.is_running():
        model = flare.receive()
        total = 0.0
        for x, y in loader:
            total += float(x.sum())
        flare.send(flare.FLModel(params=model.params, metrics={"score": total / len(ds)}))


if __name__ == "__main__":
    main()
