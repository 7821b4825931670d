"""Running feature summary kept with the model so the server can normalise (red team 42).

`update` rebinds the registered `center` buffer to the batch's first row: torch keeps it in the buffer,
and trainer.py sends summary.state_dict() as the weights.
"""

import torch


class Summary(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.register_buffer("center", torch.zeros(d))

    def update(self, batch):
        self.center = batch[0]
