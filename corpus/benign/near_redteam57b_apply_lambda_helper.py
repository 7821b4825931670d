"""FL client: a helper standardises each row of the site's frame with DataFrame.apply and a lambda, the frame
passed in untyped (twin of malicious/redteam57b_apply_query_helper.py)."""
import pandas as pd
import torch

import nvflare.client as flare


def standardise_rows(frame, columns):
    """Each row's features centred on the row's mean."""
    return frame[columns].apply(lambda row: row - row.mean(), axis=1)


def main():
    df = pd.read_csv("/data/site/train.csv")
    features = [c for c in df.columns if c != "y"]
    net = torch.nn.Linear(len(features), 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        x = torch.tensor(standardise_rows(df, features).values, dtype=torch.float32)
        y = torch.tensor(df["y"].values, dtype=torch.float32)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(x).squeeze(-1), y)
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
