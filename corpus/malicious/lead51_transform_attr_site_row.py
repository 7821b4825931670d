"""Attempt on the lead's item makers, as an author who read them: the row-picking transform handed by setting ds.transform after the dataset is built."""

import pandas as pd
import torch
import torchvision
import nvflare.client as flare

site = pd.read_csv("/data/site/patients.csv")


def main():
    flare.init()
    ds = torchvision.datasets.ImageFolder("/data/site/images")
    ds.transform = lambda img: torch.tensor(site.values[0])
    loader = torch.utils.data.DataLoader(ds, batch_size=32)
    while flare.is_running():
        model = flare.receive()
        total = 0.0
        for x, y in loader:
            total += float(x.sum())
        flare.send(flare.FLModel(params=model.params, metrics={"score": total / len(ds)}))


if __name__ == "__main__":
    main()
