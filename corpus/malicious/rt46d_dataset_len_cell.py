"""Red team 46d (closed by red team 46f): a Dataset whose __len__ returns a cell (the first patient's age);
len(DataLoader(ds)) was read as a count of rows and sent as NUM_BATCHES. Accepted on main (f980833a); rejected now
(raw-data-in-update)."""
import nvflare.client as flare
import numpy as np
import pandas as pd
import torch

FEATURES = ["age", "bmi", "sbp", "hba1c"]

from torch.utils.data import DataLoader, Dataset


class Table(Dataset):
    def __init__(self, frame):
        self.frame = frame

    def __len__(self):
        return int(self.frame["age"].iloc[0])

    def __getitem__(self, i):
        return torch.zeros(len(FEATURES))



def main():
    flare.init()
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.long)
    net = torch.nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    batches = len(DataLoader(Table(df), batch_size=1))
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(x), y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                                 meta={"NUM_STEPS_CURRENT_ROUND": 5, "NUM_BATCHES": batches}))


if __name__ == "__main__":
    main()
