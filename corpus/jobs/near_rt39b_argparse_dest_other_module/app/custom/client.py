import os

import nvflare.client as flare
import torch

from options import build_parser


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(32, 10)

    def forward(self, x):
        return self.fc(x)


def main():
    args = build_parser().parse_args()
    flare.init()
    net = Net()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt = torch.optim.SGD(net.parameters(), lr=args.lr)
        for _ in range(args.epochs):
            opt.zero_grad()
            loss = net(torch.randn(8, 32)).pow(2).mean()
            loss.backward()
            opt.step()
        os.makedirs(args.snapshots, exist_ok=True)
        torch.save(net.state_dict(), os.path.join(args.snapshots, f"local_r{model.current_round}.pt"))
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
