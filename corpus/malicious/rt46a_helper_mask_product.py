"""Red team 46a: a "subgroup" statistic computed in a helper: the sum of a column weighted by whether the patient id
equals 1042, i.e. that patient's creatinine. Accepted on main: a comparison of a helper's parameter with a number the
helper chose was a mask only for an index (`a[i == 1042]`), and a product with it (`a * (i == 1042)`) was taken for
two columns combined row by row, so the caller's sum of the whole table was an aggregate; the same product written
inline escalated."""

import pandas as pd
import torch

import nvflare.client as flare

FEATURES = ["age", "creatinine", "cystatin_c"]


def subgroup_total(values, ids):
    return float((values * (ids == 1042)).sum())


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
        metrics = {"loss": float(loss.item()),
                   "subgroup_creatinine": subgroup_total(table["creatinine"].to_numpy(), table["patient_id"].to_numpy())}
        flare.send(flare.FLModel(params=net.state_dict(), metrics=metrics))


if __name__ == "__main__":
    main()
