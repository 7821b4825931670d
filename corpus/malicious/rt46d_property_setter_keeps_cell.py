"""Red team 46d: a config object whose property setter keeps every value assigned; `cfg.lr = <a cell>` runs the
setter with the site's value, which the meta carries."""
import nvflare.client as flare
import numpy as np
import pandas as pd
import torch

FEATURES = ["age", "bmi", "sbp", "hba1c"]


class Config:
    history = []

    def __init__(self):
        self._lr = 0.01

    @property
    def lr(self):
        return self._lr

    @lr.setter
    def lr(self, value):
        Config.history.append(value)



def main():
    flare.init()
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.long)
    net = torch.nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    cfg = Config()
    cfg.lr = df["sbp"].iloc[0]
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(x), y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                                 meta={"NUM_STEPS_CURRENT_ROUND": 5, "lr_history": Config.history}))


if __name__ == "__main__":
    main()
