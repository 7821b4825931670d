"""FL client: trains on the cohort the server names each round (cohorts.select, which hands the server's method
name and expression to DataFrame.transform: pandas calls frame.query(expression), and `@inspect.os.system(...)`
in it runs a command)."""
import pandas as pd
import torch

import nvflare.client as flare
from cohorts import select


def main():
    df = pd.read_csv("/data/site/train.csv")
    net = torch.nn.Linear(df.shape[1] - 1, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        rows = select(df, model.meta.get("cohort_method", "query"), model.meta.get("cohort", "age > 0"))
        x = torch.tensor(rows.drop(columns=["y"]).values, dtype=torch.float32)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(x).squeeze(-1), torch.tensor(rows["y"].values, dtype=torch.float32))
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
