"""Running feature summary kept with the model so the server can normalise (twin of
jobs/rt42_job_buffer_executor_two_modules): the `center` buffer holds the column means of the site's table.
"""

import torch


class Summary(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.register_buffer("center", torch.zeros(d))

    def update(self, batch):
        self.center = batch.mean(0)
