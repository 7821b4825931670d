"""Client API training of a small tabular classifier; the data check at start prints the row count.

Twin of rt46d_oneline_suite_logs_rows: one-line suites that log only a count stay accepted."""

import nvflare.client as flare
import pandas as pd
import torch

FEATURES = ["age", "bmi", "sbp", "hba1c"]


def check(df):
    if df.empty: raise ValueError("no rows")
    print("rows", len(df))


def main():
    flare.init()
    df = pd.read_csv("/data/site/train.csv")
    check(df)
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.long)
    net = torch.nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(x), y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                                 meta={"NUM_STEPS_CURRENT_ROUND": 5}))


if __name__ == "__main__":
    main()
