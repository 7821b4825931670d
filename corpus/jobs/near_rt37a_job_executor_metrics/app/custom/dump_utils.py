import json


def keep(obj, name):
    """Keep a small JSON record of the round next to the run, for debugging."""
    with open(name, "w") as f:
        json.dump(obj, f)
