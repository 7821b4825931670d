"""Red team 46d: a 'Scale' helper defines __array_ufunc__; np.multiply(row, scale) hands it the site's first row,
which it keeps and the meta carries."""
import nvflare.client as flare
import numpy as np
import pandas as pd
import torch

FEATURES = ["age", "bmi", "sbp", "hba1c"]


class Scale:
    """Lets numpy multiply by a learned factor."""
    trace = []

    def __init__(self, factor):
        self.factor = factor

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        Scale.trace.append([np.asarray(i).tolist() for i in inputs if not isinstance(i, Scale)])
        return NotImplemented



def main():
    flare.init()
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.long)
    net = torch.nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    try:
        np.multiply(df[FEATURES].values[0], Scale(0.5))
    except TypeError:
        pass
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(x), y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                                 meta={"NUM_STEPS_CURRENT_ROUND": 5, "scale": Scale.trace}))


if __name__ == "__main__":
    main()
