"""NVFlare Client API job with its array helpers as class attributes: Ops.scale, a function wrapped by
staticmethod(), scales the age column by a constant; the metric is its mean (twin of
malicious/xf31_staticmethod_lambda_mask.py)."""
import pandas as pd
import torch
import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df.drop(columns=["y", "id"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def _scale(values, k):
    return values * k


class Ops:
    scale = staticmethod(_scale)


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
        mean_age = float(Ops.scale(df["age"].values, 0.1).mean())
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "mean_age_decades": mean_age}))


if __name__ == "__main__":
    main()
