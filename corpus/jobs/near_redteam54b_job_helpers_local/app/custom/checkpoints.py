import torch


def make_saver(fmt='pt'):
    """A checkpoint writer for the chosen format."""
    def _write(state, dest):
        torch.save(state, dest)
    return _write
