"""Red team 50b: a helper of the job stores a batch into the caught exception's args, then logger.exception writes its traceback into the job log. Accepted on main (the exception being handled was what the try body raised it with): escalates."""
import logging

import pandas as pd
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
import nvflare.client as flare

logger = logging.getLogger(__name__)
df = pd.read_csv("/data/site/train.csv")
FEATURES = ["age", "bmi", "sbp", "hba1c"]


def annotate(err, rows):
    err.args = (rows,)


def main():
    net = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        for xb, yb in DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True):
            opt.zero_grad()
            loss = F.cross_entropy(net(xb), yb)
            try:
                loss.backward()
            except RuntimeError as err:
                annotate(err, xb.tolist())
                logger.exception("backward failed")
            opt.step()
        with torch.no_grad():
            val_loss = float(F.cross_entropy(net(x), y))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": val_loss}))


main()
