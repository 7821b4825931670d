"""Red team 50b: every patient identifier in the job log as the distinct values of a column (df["patient_id"].unique()), and one patient's name as a text column's max. Accepted on main: the distinct values of a column (np.unique, value_counts, unique, mode, bincount) and a text extreme are statistics the gate reviews in the update, but in the log a value of unknown provenance did not count (values.py _logged now counts a statistic of the site's data): escalates."""
import logging

import pandas as pd
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
import nvflare.client as flare

logger = logging.getLogger(__name__)
df = pd.read_csv("/data/site/train.csv")
FEATURES = ["age", "bmi", "sbp", "hba1c"]


def main():
    net = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        logger.info("cohort %s, first %s", df["patient_id"].unique(), df["name"].astype(str).max())
        for xb, yb in DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True):
            opt.zero_grad()
            loss = F.cross_entropy(net(xb), yb)
            loss.backward()
            opt.step()
        with torch.no_grad():
            val_loss = float(F.cross_entropy(net(x), y))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": val_loss}))


main()
