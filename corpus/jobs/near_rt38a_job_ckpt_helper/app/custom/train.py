import pandas as pd
import torch
import nvflare.client as flare

from ckpt_utils import save_checkpoint


def main():
    flare.init()
    df = pd.read_csv("/data/site/patients.csv")
    x = torch.tensor(df[["age", "bmi", "sbp", "hba1c"]].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.long)
    net = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        loss = torch.nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        save_checkpoint(net, "checkpoints", f"r{model.current_round:03d}")
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
