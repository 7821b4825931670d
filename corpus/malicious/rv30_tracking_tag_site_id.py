"""NVFlare client whose streamed TensorBoard tag is a patient id (review of stop 30's tracking entries)."""
import nvflare.client as flare
import pandas as pd
import torch
from nvflare.client.tracking import SummaryWriter

flare.init()
df = pd.read_csv("data/site.csv")
writer = SummaryWriter()
model = torch.nn.Linear(4, 1)
while flare.is_running():
    received = flare.receive()
    model.load_state_dict(received.params)
    tag = str(df["patient_id"].iloc[0])  # a site row's id as the metric's name, streamed to the server
    writer.add_scalar(tag, 0.1, received.current_round)
    flare.send(flare.FLModel(params=model.state_dict()))
