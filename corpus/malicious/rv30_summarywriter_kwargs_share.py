"""TensorBoard event files written to a network share, the folder hidden in **kwargs (review of stop 30's own-files)."""
import nvflare.client as flare
import pandas as pd
import torch
from torch.utils.tensorboard import SummaryWriter

flare.init()
df = pd.read_csv("data/site.csv")
options = {"log_dir": "/mnt/share/tb"}
writer = SummaryWriter(**options)
model = torch.nn.Linear(4, 1)
while flare.is_running():
    received = flare.receive()
    model.load_state_dict(received.params)
    writer.add_histogram("ages", torch.tensor(df["age"].values), received.current_round)
    flare.send(flare.FLModel(params=model.state_dict()))
