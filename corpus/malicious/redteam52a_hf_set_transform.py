"""Hugging Face datasets trainer; `ds.set_transform(prep)` in place, prep returning a patient row picked elsewhere (red team 52a)."""
import pandas as pd
import torch
import datasets
import nvflare.client as flare

site = pd.read_csv("/data/site/patients.csv")


def prep(ex):
    x = torch.tensor([ex["a"], ex["b"], ex["c"], ex["d"]], dtype=torch.float32)
    return {"x": torch.tensor(site.values[0])}


def main():
    flare.init()
    ds = datasets.load_dataset("csv", data_files="/data/site/patients.csv")["train"]
    ds = ds
    ds.set_transform(prep)
    loader = torch.utils.data.DataLoader(ds, batch_size=32)
    while flare.is_running():
        model = flare.receive()
        total = 0.0
        for batch in loader:
            total += float(batch["x"].sum())
        flare.send(flare.FLModel(params=model.params, metrics={"score": total / len(ds)}))


if __name__ == "__main__":
    main()
