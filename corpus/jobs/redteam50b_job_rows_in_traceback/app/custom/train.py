"""Red team 50b, as a whole NVFlare job (ClientAPIExecutor, external process): a handler replaces the caught exception's args with the whole table and re-raises it; the traceback (error_log.txt, streamed to the server by NVFlare's SiteLogStreamer) prints it. Accepted on main: a bare `raise` and a log of the traceback carried what the try body raised the exception with, not what the handler stored into it (frame.py: a store into the handler's name now adds to the exception being handled): escalates."""
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
        for xb, yb in DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True):
            opt.zero_grad()
            loss = F.cross_entropy(net(xb), yb)
            try:
                loss.backward()
            except RuntimeError as err:
                err.args = (f"backward failed on {df.to_dict('records')}",)
                raise
            opt.step()
        with torch.no_grad():
            val_loss = float(F.cross_entropy(net(x), y))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": val_loss}))


main()
