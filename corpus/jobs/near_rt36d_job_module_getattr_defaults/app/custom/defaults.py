"""Default hyper-parameters, looked up by name."""
_DEFAULTS = {"learning_rate": 0.01, "local_steps": 5}


def __getattr__(name):
    try:
        return _DEFAULTS[name]
    except KeyError:
        raise AttributeError(name) from None
