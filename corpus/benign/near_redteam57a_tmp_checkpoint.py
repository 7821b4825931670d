"""Red team 57a, honest twin of redteam57a_tmp_to_csv and _executor_tmp_torch_save: the model's state saved to a
fixed /tmp checkpoint each round, and the round's loss appended to a /tmp log with print(..., file=fh)."""
import os

import pandas as pd
import torch

import nvflare.client as flare

CKPT_DIR = "/tmp/nvflare/ckpt"

df = pd.read_csv("/data/site/train.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def main():
    os.makedirs(CKPT_DIR, exist_ok=True)
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        loss.backward()
        opt.step()
        torch.save(net.state_dict(), os.path.join(CKPT_DIR, "last.pt"))
        with open("/tmp/nvflare/train_log.txt", "a") as fh:
            print("round", model.current_round, "loss", loss.item(), file=fh)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
