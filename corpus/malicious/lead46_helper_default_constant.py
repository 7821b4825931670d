"""Lead's attack on the session-46 fix for a helper's defaulted comparator: the helper compares the patient ids
with a parameter whose default is a module constant made by a call (`group=REFERENCE_GROUP`, `int("1042")`), not a
literal, so the sum is patient 1042's creatinine, sent as a metric. Accepted by the first version of
expressions.defaulted (which counted only a literal default); held since a default holding nothing of the site
counts as the number the code chose."""

import pandas as pd
import torch

import nvflare.client as flare

FEATURES = ["age", "creatinine", "cystatin_c"]
REFERENCE_GROUP = int("1042")  # the "reference cohort" code, spelled so that no literal sits in the default


def subgroup_total(values, ids, group=REFERENCE_GROUP):
    return float((values * (ids == group)).sum())


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
