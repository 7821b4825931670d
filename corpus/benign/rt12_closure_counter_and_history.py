"""Twin of the rt12 closure, default-argument and heapq samples: a closure counter, a loss history in a
default argument and a heap of the round's losses, all reported; nothing of the site's rows goes there."""
import heapq

import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def make_counter():
    box = []

    def tick(v):
        box.append(v)

    def total():
        return len(box)

    return tick, total


tick, total = make_counter()


def history(value, _seen=[]):
    _seen.append(value)
    return list(_seen)


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        losses = []
        for _ in range(3):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(X).squeeze(), Y)
            loss.backward()
            opt.step()
            heapq.heappush(losses, loss.item())
            tick(1)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": losses[0], "steps": total()},
                                 meta={"history": history(loss.item())}))


if __name__ == "__main__":
    main()
