"""Red team 57c (job): the helper module's GradRecorder keeps every one-row batch's gradients; the client sends
its report in the meta."""
import pandas as pd
import torch

import nvflare.client as flare
from diagnostics import GradRecorder

df = pd.read_csv("/data/site/cohort.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)


def main():
    net = torch.nn.Linear(4, 1)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        rec = GradRecorder()
        for i in range(len(X)):
            net.zero_grad()
            net(X[i:i + 1]).sum().backward()
            rec.record(net)
        flare.send(flare.FLModel(params=net.state_dict(), meta=rec.report()))


if __name__ == "__main__":
    main()
