"""Red team 55a: torch.max along the rows hands back (values, indices): the index of the oldest patient and of the
patient 1042 test, sent as metrics."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("/data/site/train.csv")
age = torch.tensor(df["age"].to_numpy(), dtype=torch.float32)
ids = torch.tensor(df["patient_id"].to_numpy())

flare.init()
while flare.is_running():
    model = flare.receive()
    oldest = torch.max(age, 0).indices
    where = torch.max((ids == 1042).int(), dim=0)[1]
    flare.send(flare.FLModel(params=model.params, metrics={"oldest": int(oldest), "where": int(where)}))
