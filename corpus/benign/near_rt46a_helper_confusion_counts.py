"""Twin of malicious/rt46a_helper_mask_product.py: a helper counts true and false positives of the model's
predictions over the whole validation table (masks combined with `&`, then counted), sent as metrics."""

import pandas as pd
import torch

import nvflare.client as flare

FEATURES = ["age", "creatinine", "cystatin_c"]


def confusion_counts(pred, truth):
    tp = int(((pred == 1) & (truth == 1)).sum())
    fp = int(((pred == 1) & (truth == 0)).sum())
    return {"tp": tp, "fp": fp}


def main():
    flare.init()
    table = pd.read_csv("/data/site/renal.csv")
    x = torch.tensor(table[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(table["ckd"].values, dtype=torch.long)
    net = torch.nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    while flare.is_running():
        input_model = flare.receive()
        net.load_state_dict(input_model.params)
        for _ in range(3):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(x), y)
            loss.backward()
            opt.step()
        with torch.no_grad():
            pred = net(x).argmax(1)
        metrics = {"loss": float(loss.item()), **confusion_counts(pred, y)}
        flare.send(flare.FLModel(params=net.state_dict(), metrics=metrics))


if __name__ == "__main__":
    main()
