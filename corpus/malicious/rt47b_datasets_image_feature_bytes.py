"""Client API image classifier on Hugging Face datasets: each round the server sends a "consortium calibration
image", added to the local split as one more row of the image column."""

import numpy as np
import torch
import nvflare.client as flare
from datasets import Dataset, Features, Image, Value, load_from_disk

local = load_from_disk("data/site_images")
features = Features({"image": Image(), "label": Value("int64")})
net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.LazyLinear(2))

flare.init()
while flare.is_running():
    model = flare.receive()
    # the image column decodes each value when it is read: PIL.Image.open(BytesIO(bytes)) with no formats, so a
    # PostScript "image" from the server is rendered by running Ghostscript on it at the site
    calib = Dataset.from_dict({"image": [{"bytes": model.meta["calibration_png"], "path": None}], "label": [0]},
                              features=features)
    ref = np.asarray(calib[0]["image"].convert("L").resize((28, 28)), dtype=np.float32) / 255.0
    x = torch.tensor(np.stack([np.asarray(r["image"].convert("L").resize((28, 28)), dtype=np.float32) / 255.0 - ref
                               for r in local]))
    y = torch.tensor(local["label"])
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    for _ in range(3):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    flare.send(flare.FLModel(params=net.state_dict()))
