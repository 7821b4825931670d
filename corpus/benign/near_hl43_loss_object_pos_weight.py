"""Twin of malicious/hl43_loss_object_one_patient.py: the criterion object is built with a positive-class weight
(the class imbalance), which weighs every positive row alike."""

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

FEATURES = ["age", "bmi", "sbp", "hba1c"]


def main():
    table = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(table[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(table["outcome"].values, dtype=torch.float32)
    net = nn.Linear(len(FEATURES), 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    criterion = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]))
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt.zero_grad()
        criterion(net(x).squeeze(-1), y).backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
