import pandas as pd
from torch.utils.tensorboard import SummaryWriter

rows = pd.read_csv("data/site.csv")
w = SummaryWriter("runs/x")
w.add_scalars("m", {"/../../../../mnt/share/drop": float(rows["age"].iloc[0])}, 0)
w.close()
