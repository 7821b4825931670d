"""Red team 59a: a Client API job whose helper module pools the site's rows with softmax weights of the age column at
temperature 0.02: all the weight on the oldest patient, so the "pooled features" in the metrics are that patient's
row."""
import pandas as pd
import torch
import nvflare.client as flare

from pooling import attention_pool


def main():
    df = pd.read_csv("/data/site/train.csv")
    X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
    Y = torch.tensor(df["y"].values, dtype=torch.float32)
    net = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        loss.backward()
        opt.step()
        pooled = attention_pool(X[:, 0], X).tolist()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "pooled": pooled}))


if __name__ == "__main__":
    main()
