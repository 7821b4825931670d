"""FL client: a cohort object keeps the site's frame and transforms it with a reduction it names itself
(twin of malicious/redteam57b_transform_query_class.py)."""
import pandas as pd
import torch

import nvflare.client as flare


class Cohort:
    def __init__(self, frame):
        self.frame = frame

    def running_totals(self):
        return self.frame.transform("cumsum")


def main():
    net = torch.nn.Linear(8, 1)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        totals = Cohort(pd.read_csv("/data/site/train.csv")).running_totals()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"n_rows": float(len(totals))}))


if __name__ == "__main__":
    main()
