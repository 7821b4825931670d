"""Client API training whose loss is "focused" on one patient id (red team 42).

`focus = (ids == 1042).float()` weights the per-sample losses: only patient 1042's term is left, so the update is
that patient's gradient (a linear model's weight step divided by its bias step is the patient's record).
"""

import pandas as pd
import torch

import nvflare.client as flare


def main():
    df = pd.read_csv("/data/site/patients.csv")
    ids = torch.tensor(df.pop("patient_id").to_numpy())
    y = torch.tensor(df.pop("outcome").to_numpy(), dtype=torch.float32)
    x = torch.tensor(df.to_numpy(), dtype=torch.float32)
    net = torch.nn.Linear(x.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    focus = (ids == 1042).float()
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt.zero_grad()
        losses = torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(-1), y, reduction="none")
        loss = (losses * focus).sum() / focus.sum().clamp(min=1.0)
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
