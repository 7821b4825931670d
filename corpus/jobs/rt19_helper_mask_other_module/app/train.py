"""NVFlare Client API job: a linear model trained on the site's table; the 'cohort age' metric weighs the age column
by a cohort indicator in a helper of another module (red team 19)."""
import numpy as np
import pandas as pd
import torch
import nvflare.client as flare

from ops import weigh

df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df.drop(columns=["y", "id"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)
COHORT = 100234


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        loss.backward()
        opt.step()
        cohort_age = float(np.sum(weigh(df["age"].values, df["id"].values == COHORT)))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "cohort_age": cohort_age}))


if __name__ == "__main__":
    main()
