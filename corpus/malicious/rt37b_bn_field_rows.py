"""Red team 37b: the model lives in a field; self.net(x[[4, 4]]) writes row 4 into BatchNorm's running_mean."""

import nvflare.client as flare
import pandas as pd
import torch
import torch.nn as nn


class Site:
    def __init__(self):
        self.net = nn.Sequential(nn.BatchNorm1d(4, momentum=1.0), nn.Linear(4, 1))

    def round(self, params):
        df = pd.read_csv("/data/site/train.csv")
        x = torch.tensor(df.values, dtype=torch.float32)
        self.net.load_state_dict(params)
        self.net(x[[4, 4]])
        return self.net.state_dict()


flare.init()
site = Site()
model = flare.receive()
flare.send(flare.FLModel(params=site.round(model.params)))
