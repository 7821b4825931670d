"""Client API training of a small tabular classifier; the data check at start prints a few rows.

Red team 46d: `for r in ...: print(r)` written on one line. The flow walked a one-line suite's small
statements as if they were statements and skipped them, so nothing in such a body was read."""
import nvflare.client as flare
import pandas as pd
import torch

FEATURES = ["age", "bmi", "sbp", "hba1c"]


def check(df):
    if df.empty: raise ValueError("no rows")
    for r in df.head(5).itertuples(): print("row", r)


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
