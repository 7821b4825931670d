"""Twin of malicious/rt14_missing_field_type_bitmap.py: the job checks what the table and the model are
(isinstance of the frame, the model's class name, hasattr of a layer) and sends the column count."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
assert isinstance(df, pd.DataFrame)
X = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


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
        info = {"model": type(net).__name__, "has_bias": float(hasattr(net, "bias")), "columns": float(df.shape[1])}
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item(), "columns": info["columns"]},
                                 meta={"model": info["model"]}))


if __name__ == "__main__":
    main()
