import os

import torch


def save_checkpoint(net, out_dir, tag):
    """Keep one checkpoint per round so a diverged run can be restarted locally."""
    os.makedirs(out_dir, exist_ok=True)
    torch.save(net.state_dict(), os.path.join(out_dir, f"ckpt_{tag}.pt"))
