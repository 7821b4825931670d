"""FL client: a cohort object keeps the site's frame and the server's filter; its select() runs
DataFrame.transform(op, expr), which pandas dispatches by name to frame.query(expr): the expression's
`@inspect.os.system(...)` runs on the site."""
import pandas as pd
import torch

import nvflare.client as flare


class Cohort:
    def __init__(self, frame, op, expr):
        self.frame = frame
        self.op = op
        self.expr = expr

    def select(self):
        return self.frame.transform(self.op, self.expr)


def main():
    net = torch.nn.Linear(8, 1)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        rows = Cohort(pd.read_csv("/data/site/train.csv"), model.meta.get("op", "query"),
                      model.meta.get("filter", "age > 18")).select()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"n_rows": float(len(rows))}))


if __name__ == "__main__":
    main()
