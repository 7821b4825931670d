import torch.nn as nn

Module = nn.Module


class Core(Module):
    pass


class Logged(Core):
    pass


class Timed(Core):
    pass


class Base(Logged, Timed):
    """Mixins over one torch core (a diamond)."""
