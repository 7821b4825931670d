"""NVFlare Client API job: Ops.weigh = staticmethod(functools.partial(lambda ...)) weighs the age column by the
indicator of one patient id; the 'weighted_age' metric is that patient's age (red team 22: accepted before)."""
import functools
import pandas as pd
import torch
import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df.drop(columns=["y", "id"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


class Ops:
    weigh = staticmethod(functools.partial(lambda weights, values: values * weights, weights=None))


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
        weighted_age = float(Ops.weigh(df["age"].values, weights=df["id"].values == 1042).sum())
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "weighted_age": weighted_age}))


if __name__ == "__main__":
    main()
