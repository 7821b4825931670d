"""Local training that returns a clipped, noised weight DIFF (simple client-side DP)."""

import os

import torch
from torch.utils.data import DataLoader

import nvflare.client as flare
from nvflare.app_common.abstract.fl_model import ParamsType

from pt_model_def import SmallResNet
from pt_vision_transforms import SiteImageDataset

CLIP_NORM = 1.0
NOISE_MULTIPLIER = 0.8


def clip_and_noise(diff: dict, clip: float, sigma: float, generator: torch.Generator) -> dict:
    flat = torch.cat([v.flatten().float() for v in diff.values()])
    norm = torch.linalg.vector_norm(flat)
    scale = min(1.0, clip / (float(norm) + 1e-12))
    out = {}
    for k, v in diff.items():
        v = v.float() * scale
        noise = torch.normal(0.0, sigma * clip, size=v.shape, generator=generator)
        out[k] = (v + noise).numpy()
    return out


def main():
    data_root = os.environ.get("DATA_ROOT", "/data")
    ds = SiteImageDataset(os.path.join(data_root, "images"), os.path.join(data_root, "labels.csv"))
    loader = DataLoader(ds, batch_size=64, shuffle=True, drop_last=True)
    model = SmallResNet(num_classes=ds.num_classes)
    gen = torch.Generator().manual_seed(int.from_bytes(os.urandom(4), "little"))

    flare.init()
    while flare.is_running():
        in_model = flare.receive()
        model.load_state_dict(in_model.params)
        global_state = {k: v.clone() for k, v in model.state_dict().items()}
        opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        crit = torch.nn.CrossEntropyLoss()
        model.train()
        for x, y in loader:
            opt.zero_grad()
            crit(model(x), y).backward()
            opt.step()
        diff = {k: model.state_dict()[k] - global_state[k] for k in global_state}
        flare.send(
            flare.FLModel(
                params=clip_and_noise(diff, CLIP_NORM, NOISE_MULTIPLIER, gen),
                params_type=ParamsType.DIFF,
                meta={"NUM_STEPS_CURRENT_ROUND": len(loader)},
            )
        )


if __name__ == "__main__":
    main()
