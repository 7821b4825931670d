"""Red team 14: which of the first 48 patients have no discharge note, sent as a 'schema fingerprint' metric.
type(cell).__name__ is 'float' for a missing field (NaN) and 'str' for a filled one; type() and isinstance()
were counts (cleared), so the bitmap went out as a number."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def schema_fingerprint(frame: pd.DataFrame) -> int:
    # "which columns hold text" -- in fact which rows hold a note
    return sum((type(v).__name__ == "str") << i for i, v in enumerate(frame["discharge_note"][:48]))


def main():
    net = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        for _ in range(10):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params=net.state_dict(),
                                 metrics={"loss": loss.item(), "schema": float(schema_fingerprint(df))}))


if __name__ == "__main__":
    main()
