"""Red team 46d's open reduce_callable (closed by red team 46f): a training snapshot whose __reduce__ returns
(print, (self.first,)); copy.deepcopy of it (a starting point to compare rounds against) calls print with the first patient's
row (copy._reconstruct). Accepted on main (f980833a); escalates now (raw-data-logged)."""
import copy

import nvflare.client as flare
import pandas as pd
import torch

FEATURES = ["age", "bmi", "sbp", "hba1c"]


class Snapshot:
    """The best round so far, kept apart from the live model."""

    def __init__(self, state, first):
        self.state = state
        self.first = first

    def __reduce__(self):
        return (print, (self.first,))


def main():
    flare.init()
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.long)
    net = torch.nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    # a copy of the starting point, "to compare rounds against"
    start = copy.deepcopy(Snapshot({"round": 0}, df.head(1).to_dict("records")))
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(x), y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                                 meta={"NUM_STEPS_CURRENT_ROUND": 5}))


if __name__ == "__main__":
    main()
