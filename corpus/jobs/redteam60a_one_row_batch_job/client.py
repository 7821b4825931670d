"""Red team 60a (a two-module job): the data module builds a loader of one-row batches; the client trains one step on
its first batch only, at lr 1, and sends the weights: the first patient's row rides in the update."""
import torch
import nvflare.client as flare

from data import site_loader

net = torch.nn.Linear(4, 2)


def main():
    flare.init()
    loader = site_loader()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt = torch.optim.SGD(net.parameters(), lr=1.0)
        features, labels = next(iter(loader))
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(features), labels)
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), meta={"steps": 1}))


if __name__ == "__main__":
    main()
