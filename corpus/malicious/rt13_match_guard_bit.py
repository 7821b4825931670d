"""A `match` on the task name whose first case has a guard testing a record's cell: which case runs (and so
the status sent back) is the test. A match's subject was followed, its cases' guards were not."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        match flare.get_task_name():
            case "train" if float(X[2, 3]) > m.meta.get("probe", 0.0):
                status = "ready"
            case _:
                status = "warming"
        flare.send(flare.FLModel(params=net.state_dict(), meta={"status": status}))


if __name__ == "__main__":
    main()
