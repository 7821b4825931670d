"""NVFlare Client API job with its array helpers as class attributes: Ops.pick = staticmethod(operator.itemgetter(1042))
hands back one patient's age, sent as the 'weighted_age' metric (red team 22: accepted before, the wrapped
object a library call made was left to the library steps as a plain library function)."""
import operator
import pandas as pd
import torch
import nvflare.client as flare

df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df.drop(columns=["y", "id"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


class Ops:
    pick = staticmethod(operator.itemgetter(1042))


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
        weighted_age = float(Ops.pick(df["age"].values))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "weighted_age": weighted_age}))


if __name__ == "__main__":
    main()
