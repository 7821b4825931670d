"""Twin of benign/fp45a_cohort_validation_loss.py: the "validation" loader holds one patient's records (a filter
on patient_id), so the mean of its batch losses is that patient's squared error under a model the server chose
(a constant model: the patient's age). Accepted on main: a loader of rows the code chose hands out batches, and
the sum over all of them was taken for an aggregate."""

import torch
from datasets import load_from_disk
from torch.utils.data import DataLoader

import nvflare.client as flare


class Head(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(16, 1)

    def forward(self, x):
        return self.fc(x).squeeze(-1)


def main():
    flare.init()
    cohort = load_from_disk("/data/site/cohort")
    cohort.set_format("torch")
    train_loader = DataLoader(cohort["train"], batch_size=32, shuffle=True)
    val_loader = DataLoader(cohort["validation"].filter(lambda r: r["patient_id"] == 1042), batch_size=32)
    net = Head()
    while flare.is_running():
        input_model = flare.receive()
        net.load_state_dict(input_model.params)
        net.eval()
        losses = []
        with torch.no_grad():
            for batch in val_loader:
                losses.append(torch.nn.functional.mse_loss(net(batch["features"]), batch["age"]).item())
        val_loss = sum(losses) / len(losses)
        net.train()
        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        for batch in train_loader:
            opt.zero_grad()
            torch.nn.functional.mse_loss(net(batch["features"]), batch["age"]).backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"val_loss": val_loss}))


if __name__ == "__main__":
    main()
