"""Twin of malicious/rt13_helper_fills_parameter.py and rt13_map_bound_update.py: a warm-start helper that
copies the server's weights into the model's tensors (also through map), and metrics merged with
map(metrics.update, parts) and getattr(metrics, "setdefault") from the loss and the row count."""
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def warm_start(param, value):
    with torch.no_grad():
        param.copy_(value)


def main():
    net = torch.nn.Linear(X.shape[1], 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        warm_start(net.bias, m.params["bias"])
        list(map(warm_start, [net.weight], [m.params["weight"]]))
        opt.zero_grad()
        loss = ((net(X).squeeze(-1) - Y) ** 2).mean()
        loss.backward()
        opt.step()
        metrics = {"loss": loss.item()}
        any(map(metrics.update, [{"n": len(X)}, {"round": m.current_round}]))
        getattr(metrics, "setdefault")("lr", 0.01)
        flare.send(flare.FLModel(params=net.state_dict(), metrics=metrics))


if __name__ == "__main__":
    main()
