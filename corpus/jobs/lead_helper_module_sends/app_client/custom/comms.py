"""Messaging helpers shared by the job's scripts."""
import nvflare.client as flare


def publish(weights, extras=None):
    params = dict(weights)
    if extras is not None:
        params["extras"] = extras
    flare.send(flare.FLModel(params=params))
