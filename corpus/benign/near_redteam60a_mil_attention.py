"""Red team 60a's twin: attention pooling over the rows (multiple-instance learning): a softmax along dim 0 of the
model's own attention scores, not of the site's values, weighting the instances' features before the classifier."""
import pandas as pd
import torch
import nvflare.client as flare

flare.init()
df = pd.read_csv("/data/site/bag.csv")
X = torch.tensor(df[["f1", "f2", "f3", "f4"]].values, dtype=torch.float32)
label = torch.tensor([int(df["bag_label"].max())])


class AttentionMIL(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.score = torch.nn.Linear(4, 1)
        self.head = torch.nn.Linear(4, 2)

    def forward(self, x):
        a = torch.softmax(self.score(x), dim=0)
        return self.head((a * x).sum(0, keepdim=True))


net = AttentionMIL()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(net(X), label)
    loss.backward()
    opt.step()
    flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss)}))
